// Ambient types: Vite's client API (CSS imports, import.meta.glob) and Svelte components.
/// <reference types="vite/client" />
/// <reference types="svelte" />
