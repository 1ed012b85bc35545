import assert from "node:assert/strict";
import { blogSpec, shopSpec } from "../tests/fixtures/sample_specs.ts";
import type { Entity, Spec } from "../core/spec.ts";
import { fitOrderRules, parentsFirst, sampleBody, sampleValue } from "./samples.ts";

Deno.test("parentsFirst() puts each entity after the entities it points at", () => {
  for (const spec of [blogSpec, shopSpec]) {
    const order = parentsFirst(spec).map((e) => e.name);
    assert.equal(order.length, spec.entities.length);
    for (const entity of spec.entities) {
      for (const relation of entity.relations) {
        if (relation.target === entity.name) continue;
        assert.ok(order.indexOf(relation.target) < order.indexOf(entity.name), entity.name);
      }
    }
  }
});

Deno.test("sampleValue() keeps numbers within the field's bounds", () => {
  const field = { name: "rating", type: "integer" as const, required: true, min: 1, max: 5 };
  for (const variant of [0, 1]) {
    const value = sampleValue(field, "t", variant) as number;
    assert.ok(Number.isInteger(value) && value >= 1 && value <= 5, String(value));
  }
  const price = { name: "price", type: "number" as const, required: true, min: 0.5, max: 0.9 };
  const value = sampleValue(price, "t") as number;
  assert.ok(value >= 0.5 && value <= 0.9);
});

Deno.test("sampleBody() refuses a child whose required parent does not exist", () => {
  const comment = blogSpec.entities[1]!;
  assert.match(String(sampleBody(comment, new Map(), "t")), /no Post/);
  const body = sampleBody(comment, new Map([["Post", 7]]), "t");
  assert.equal((body as Record<string, unknown>).post_id, 7);
});

Deno.test("fitOrderRules() moves an end after its start where an order rule asks, and only there", () => {
  const booking = {
    name: "Booking",
    fields: [
      { name: "starts_at", type: "datetime" as const, required: true },
      { name: "ends_at", type: "datetime" as const, required: true },
      { name: "day", type: "date" as const, required: true },
      { name: "until", type: "date" as const, required: true },
    ],
    relations: [],
  };
  const spec = {
    ...blogSpec,
    rules: [
      {
        kind: "order" as const,
        entity: "Booking",
        first: "starts_at",
        then: "ends_at",
        message: "The end must be after the start",
      },
      {
        kind: "order" as const,
        entity: "Booking",
        first: "day",
        then: "until",
        message: "The last day must not be before the first",
      },
    ],
  } as unknown as Spec;
  const body = Object.fromEntries(booking.fields.map((f) => [f.name, sampleValue(f, "t")]));
  assert.equal(body.starts_at, body.ends_at, "the samples start out equal");
  fitOrderRules(spec, booking as unknown as Entity, body);
  assert.equal(body.ends_at, "2026-01-15T11:30:00");
  assert.equal(body.until, "2026-01-16");
  const other = { starts_at: "2026-01-15T10:30:00", ends_at: "2026-01-15T10:30:00" };
  fitOrderRules(spec, { ...booking, name: "Shift" } as unknown as Entity, other);
  assert.equal(other.ends_at, "2026-01-15T10:30:00", "another entity's rule does not apply");
});
