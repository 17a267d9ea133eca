// Typed wrappers for src-tauri/src/commands/roster.rs.
import type { Person } from "../bindings/Person";
import { call } from "./invoke";

export const listPeople = () => call<Person[]>("person_list");
export const addPerson = (name: string, contact: string) => call<Person>("person_add", { name, contact });
export const updatePerson = (person: Person) => call<null>("person_update", { person });
export const listSeverities = () => call<string[]>("severity_list");
export const setSeverities = (names: string[]) => call<null>("severity_set", { names });
