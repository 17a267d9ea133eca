// Entry point: applies the remembered theme, loads the global stylesheet and mounts the app.
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { applyTheme, storedTheme } from "./lib/theme";

applyTheme(storedTheme());

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
