/**
 * The fields an action's body carries, as the frontend asks for them: each
 * with where its input lives (the shared bar above the rows, or beside each
 * row's button), its label, type and how its text becomes a body value.
 *
 * @module
 */
import type { Action } from "../../../core/behaviours.ts";
import type { Entity, Field, Relation } from "../../../core/spec.ts";
import { camelCase, pascalCase } from "../../../core/words.ts";
import {
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  modelOf,
  relationLabel,
  sharedParent,
} from "../../frontend/model.ts";

/** One body field of an action. */
export interface BodyField {
  /** State key, e.g. `voteVoter`. */
  key: string;
  /** The body's key, e.g. `voter`. */
  name: string;
  label: string;
  required: boolean;
  field?: Field;
  relation?: Relation;
  /** The entity a relation's choices are rows of. */
  target?: EntityModel;
  /**
   * Where its input is: `bar`, one input above the rows shared by every
   * row's button (a voter's name); `row`, beside each row's button (a card's
   * next column, an option of this poll).
   */
  place: "bar" | "row";
  /** For a relation beside each row: the choices' field that must equal the row's `mine`. */
  narrow?: { theirs: string; mine: string };
  /** The expression of its first value beside a row (a move starts from the row's value). */
  initial: string;
}

/**
 * @param model The frontend model.
 * @param m The entity the action belongs to.
 * @param action The action.
 * @returns Its body fields, in the action's order; none for kinds without a body.
 */
export function bodyFields(model: FrontendModel, m: EntityModel, action: Action): BodyField[] {
  if (action.kind === "record") {
    const child = model.entities.find((e) => e.entity.name === action.child);
    if (child === undefined) return [];
    return (action.fields ?? []).flatMap((name) =>
      describe(model, child.entity, action, name, (_relation, target) => {
        // A choice among this row's own children (an option of this poll) is per row.
        const theirs = target.entity.relations.find((r) => r.target === m.entity.name);
        return theirs === undefined ? undefined : { theirs: theirs.field, mine: "id" };
      }, false)
    );
  }
  if (action.kind === "move") {
    return (action.fields ?? []).flatMap((name) =>
      describe(model, m.entity, action, name, (relation, target) => {
        const shared = sharedParent(model.spec, m.entity, target.entity.name, relation.field);
        return shared === undefined ? undefined : { theirs: shared.theirs, mine: shared.mine };
      }, true)
    );
  }
  return [];
}

function describe(
  model: FrontendModel,
  owner: Entity,
  action: Action,
  name: string,
  narrowOf: (relation: Relation, target: EntityModel) => BodyField["narrow"],
  fromRow: boolean,
): BodyField[] {
  const key = `${camelCase(action.name)}${pascalCase(name)}`;
  const field = owner.fields.find((f) => f.name === name && f.computed === undefined);
  if (field !== undefined) {
    return [{
      key,
      name,
      label: fieldLabel(name),
      required: field.required,
      field,
      place: fromRow ? "row" : "bar",
      initial: fromRow ? initialFromRow(field) : field.type === "boolean" ? "false" : '""',
    }];
  }
  const relation = owner.relations.find((r) => r.field === name);
  if (relation === undefined) return [];
  const target = modelOf(model, relation.target);
  const narrow = narrowOf(relation, target);
  return [{
    key,
    name,
    label: relationLabel(relation),
    required: relation.required,
    relation,
    target,
    place: fromRow || narrow !== undefined ? "row" : "bar",
    ...(narrow === undefined ? {} : { narrow }),
    initial: fromRow ? `toText(row.${name})` : '""',
  }];
}

function initialFromRow(field: Field): string {
  switch (field.type) {
    case "boolean":
      return `row.${field.name} ?? false`;
    case "integer":
    case "number":
      return `toText(row.${field.name})`;
    case "datetime":
      return `toDatetimeLocal(row.${field.name})`;
    default:
      return `row.${field.name} ?? ""`;
  }
}

/**
 * @param b A body field.
 * @param text The expression of its input's value.
 * @returns The expression of its body value.
 */
export function bodyValue(b: BodyField, text: string): string {
  const type = b.field?.type;
  if (type === "boolean") return text;
  let value = text;
  if (b.relation !== undefined || type === "integer" || type === "number") {
    value = `Number(${text})`;
  }
  if (type === "datetime") value = `fromDatetimeLocal(${text})`;
  return b.required ? value : `${text} === "" ? null : ${value}`;
}

/**
 * @param b A body field.
 * @returns Its TypeScript type in the client function's body.
 */
export function bodyType(b: BodyField): string {
  const type = b.relation !== undefined
    ? "number"
    : b.field?.type === "integer" || b.field?.type === "number"
    ? "number"
    : b.field?.type === "boolean"
    ? "boolean"
    : "string";
  return b.required ? type : `${type} | null`;
}
