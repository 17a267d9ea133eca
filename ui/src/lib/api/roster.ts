// Typed wrappers for src-tauri/src/commands/roster.rs.
import type { ContactSheet } from "../bindings/ContactSheet";
import type { PeopleImport } from "../bindings/PeopleImport";
import type { Person } from "../bindings/Person";
import type { PersonInput } from "../bindings/PersonInput";
import type { Role } from "../bindings/Role";
import { call } from "./invoke";

export const listPeople = () => call<Person[]>("person_list");
export const addPerson = (person: PersonInput) => call<Person>("person_add", { person });
export const updatePerson = (id: string, person: PersonInput) => call<Person>("person_update", { id, person });
export const retirePerson = (id: string) => call<Person>("person_retire", { id });
export const restorePerson = (id: string) => call<Person>("person_restore", { id });
export const deletePerson = (id: string) => call<null>("person_delete", { id });
/** Imports a roster CSV the shell reads from `path`; nothing is saved when the report has errors. */
export const importPeopleCsv = (path: string) => call<PeopleImport>("person_import_csv", { path });
export const listRoles = () => call<Role[]>("role_list");
/** Saves a catalogue role; an empty id adds a new one. */
export const saveRole = (id: string, name: string, duties: string) => call<Role>("role_save", { id, name, duties });
export const contactSheet = () => call<ContactSheet>("contact_sheet");
export const listSeverities = () => call<string[]>("severity_list");
export const setSeverities = (names: string[]) => call<null>("severity_set", { names });

/** A person with only a name and a phone number, as the quick-add forms make them. */
export const newPerson = (name: string, phone: string): PersonInput => ({ name, team: "", phone, email: "", chat: "", roles: [], notes: "" });

/** The input that leaves `person` as they are, to edit from. */
export const inputOf = (person: Person): PersonInput => ({
  name: person.name,
  team: person.team,
  phone: person.phone,
  email: person.email,
  chat: person.chat,
  roles: [...person.roles],
  notes: person.notes,
});

/** The first way to reach someone in an outage: phone, then chat, then e-mail; "" when none. */
export const bestContact = (person: Person): string => [person.phone, person.chat, person.email].find((way) => way !== "") ?? "";

/** People who may be given a role now: not retired. */
export const assignable = (people: Person[]): Person[] => people.filter((person) => person.retired_at === null);
