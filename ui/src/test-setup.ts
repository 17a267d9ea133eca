// Vitest setup: adds jest-dom's DOM matchers (toHaveAttribute, toHaveFocus…) to expect.
import "@testing-library/jest-dom/vitest";
