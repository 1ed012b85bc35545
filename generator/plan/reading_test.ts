import assert from "node:assert/strict";
import { loadPatterns } from "../../rag/library.ts";
import { createPatternStore } from "../../rag/store.ts";
import { type Spec, specProblems } from "../../core/spec.ts";
import { fieldOf } from "./fields.ts";
import { planOffline } from "./plan.ts";

const library = loadPatterns();
const store = await createPatternStore(library);

async function plan(prompt: string): Promise<Spec> {
  const spec = planOffline({ prompt, hits: await store.search(prompt, 3), library });
  assert.deepEqual(specProblems(spec), [], prompt);
  return spec;
}

const entity = (spec: Spec, name: string) => {
  const found = spec.entities.find((e) => e.name === name);
  assert.ok(found, `${name} not in ${spec.entities.map((e) => e.name)}`);
  return found;
};
const names = (spec: Spec) => spec.entities.map((e) => e.name).sort();

Deno.test("a colon list steps over a bracketed aside, reads a range, and 'each <field>' counts per that field", async () => {
  const spec = await plan(
    "A birdwatching diary. Each sighting: species (e.g. robin, wren), place, count, confidence 1-5, notes. Show how many sightings I have of each species.",
  );
  const sighting = entity(spec, "Sighting");
  assert.deepEqual(
    sighting.fields.filter((f) => !f.computed).map((f) => f.name),
    ["species", "location", "count", "confidence", "notes"],
  );
  const confidence = sighting.fields.find((f) => f.name === "confidence")!;
  assert.deepEqual([confidence.type, confidence.min, confidence.max], ["integer", 1, 5]);
  assert.equal(sighting.display, "species");
  assert.ok(!spec.entities.some((e) => e.name === "Species"), names(spec).join());
  const view = spec.views?.find((v) => v.entity === "Sighting" && v.kind === "grouped");
  assert.deepEqual(view?.by, [{ field: "species" }]);
});

Deno.test("fieldOf() reads a trailing range as a bounded whole number", () => {
  assert.deepEqual(fieldOf("difficulty 1-10"), {
    name: "difficulty",
    type: "integer",
    required: true,
    min: 1,
    max: 10,
  });
  assert.equal(fieldOf("rating (1 to 5)")?.max, 5);
});

Deno.test("'owners, their animals' links the animals to their owners without taking owner_id", async () => {
  const spec = await plan(
    "Horse livery yard: owners, their horses, and farrier visits done (visit date, notes, next visit date).",
  );
  const horse = entity(spec, "Horse");
  const link = horse.relations.find((r) => r.target === "Owner");
  assert.ok(link, JSON.stringify(horse.relations));
  assert.notEqual(link.field, "owner_id");
  const visit = spec.entities.find((e) => /Visit/.test(e.name))!;
  assert.ok(visit.relations.some((r) => r.target === "Horse"), JSON.stringify(visit));
});

Deno.test("a number a parent holds at most is a capacity over its children", async () => {
  const spec = await plan(
    "Summer camp: campers and cabins with 6 beds each. I want to put campers in cabins without going over 6.",
  );
  const camper = entity(spec, "Camper");
  assert.ok(camper.relations.some((r) => r.target === "Cabin"));
  const rule = spec.rules?.find((r) => r.kind === "capacity" && r.entity === "Camper");
  assert.ok(rule, JSON.stringify(spec.rules));
  assert.equal(rule.message, "This cabin is full");
  const requirement = spec.requirements?.find((r) => r.kinds.includes("rule_capacity"));
  assert.equal(requirement?.status, "implemented");
});

Deno.test("bookings by whole days belong to who books them; 'overlapping' never names the thing", async () => {
  const spec = await plan(
    "kayak club. kayaks (name, length). members book a kayak from a start date to an end date. no overlapping bookings for the same kayak.",
  );
  assert.ok(!spec.entities.some((e) => /Overlapping/.test(e.name)), names(spec).join());
  const booking = entity(spec, "Booking");
  assert.deepEqual(
    booking.fields.filter((f) => /^(starts|ends)_/.test(f.name)).map((f) => `${f.name}:${f.type}`),
    ["starts_on:date", "ends_on:date"],
  );
  assert.deepEqual(booking.relations.map((r) => r.target).sort(), ["Kayak", "Member"]);
  assert.ok(!entity(spec, "Kayak").fields.some((f) => /^(starts|ends)_on$/.test(f.name)));
  assert.ok(spec.rules?.some((r) => r.kind === "no_overlap" && r.start === "starts_on"));
});

Deno.test("a word listed as a field never starts a frame of its own", async () => {
  const spec = await plan(
    "Our barbecue: a guest list with dish brought (salad/dessert/drinks) and RSVP yes/no. Show a count per dish brought.",
  );
  assert.deepEqual(names(spec), ["Guest"]);
  const guest = entity(spec, "Guest");
  assert.deepEqual(guest.fields.find((f) => f.name === "dish_brought")?.values, [
    "salad",
    "dessert",
    "drinks",
  ]);
  assert.equal(guest.fields.find((f) => f.name === "rsvp")?.type, "boolean");
  assert.ok(!spec.actions?.some((a) => a.name === "rsvp"));
});

Deno.test("what one role makes for others to sign up to stays shared; the sign-ups are each person's", async () => {
  const spec = await plan(
    "Pottery studio: instructors create workshops (date, max people). Customers enroll themselves and see their bookings under 'My workshops'. Full workshops refuse more people.",
  );
  const workshop = entity(spec, "Workshop");
  assert.notEqual(workshop.access, "private");
  const enroll = spec.actions?.find((a) => a.kind === "record" && a.entity === "Workshop");
  assert.ok(enroll, JSON.stringify(spec.actions));
  const enrollment = entity(spec, enroll.child!);
  assert.equal(enrollment.access, "private");
  assert.ok((enrollment.permissions?.all ?? []).includes("instructor"));
});

Deno.test("who the user is is no requirement; a list of what a table shows is one", async () => {
  const spec = await plan(
    "I run a small darts league. Teams and games with home team, away team and score. Standings: played, won, lost, points. A team can't play itself.",
  );
  assert.ok(!spec.requirements?.some((r) => /^I run/.test(r.text)));
  const standings = spec.requirements?.filter((r) => /played|won|lost/i.test(r.text)) ?? [];
  assert.equal(standings.length, 1, JSON.stringify(standings));
  assert.equal(standings[0]!.status, "not_implemented");
  const game = entity(spec, "Game");
  assert.ok(!game.fields.some((f) => /^(home|away)_team$|^score$/.test(f.name)));
});

Deno.test("'the biggest single X' lists the rows with the record first", async () => {
  const spec = await plan(
    "pumpkin growing contest: growers sign in and log pumpkins with variety, weight in kg and a photo. show the heaviest single pumpkin.",
  );
  const view = spec.views?.find((v) => v.entity === "Pumpkin" && v.order?.direction === "desc");
  assert.equal(view?.order?.field, "weight");
});

Deno.test("'A > B > C' nests things; 'first x, then y, then z' are stages, and being paid is stamped apart", async () => {
  const farm = await plan(
    "Storage company. Warehouses > shelves > bins.",
  );
  assert.ok(entity(farm, "Shelf").relations.some((r) => r.target === "Warehouse"));
  assert.ok(entity(farm, "Bin").relations.some((r) => r.target === "Shelf"));
  assert.ok(!farm.actions?.some((a) => a.entity === "Warehouse"), JSON.stringify(farm.actions));
  const shop = await plan(
    "Shoe repair counter. A repair is first 'dropped off', then 'resoled', then 'ready', and the customer can pay. When paid I want the date.",
  );
  const repair = entity(shop, "Repair");
  assert.deepEqual(repair.fields.find((f) => f.name === "status")?.values, [
    "dropped_off",
    "resoled",
    "ready",
  ]);
  assert.ok(shop.actions?.some((a) => a.entity === "Repair" && a.name === "pay"));
  assert.ok(repair.fields.some((f) => f.name === "paid_at" && f.computed?.kind === "stamp"));
});

Deno.test("'reduce X by one' is a button taking one away, refused at none", async () => {
  const spec = await plan(
    "Printer supplies: toner name, printer, cartridges left. Fitting a cartridge should reduce cartridges left by one.",
  );
  const action = spec.actions?.find((a) => a.kind === "increment");
  assert.equal(action?.by, -1);
  assert.equal(action?.field, "cartridges_left");
  assert.deepEqual(action?.when, [{ field: "cartridges_left", op: "gt", value: 0 }]);
  const requirement = spec.requirements?.find((r) =>
    r.by.includes(`action:${action!.entity}.${action!.name}`)
  );
  assert.equal(requirement?.status, "implemented");
  assert.ok(requirement!.scenarios[0]!.steps.some((s) => "status" in s && s.status === 409));
});

Deno.test("favourites are rows of their own once per person; 'never add the same X (a + b) twice' is unique", async () => {
  const spec = await plan(
    "A site for our book club to share reviews. Members can 'favourite' a review and each review shows its number of favourites. A member can only favourite a review once.",
  );
  assert.ok(!entity(spec, "Review").relations.some((r) => r.target === "Favourite"));
  assert.ok(entity(spec, "Favourite").relations.some((r) => r.target === "Review"));
  assert.ok(spec.rules?.some((r) => r.kind === "unique" && r.entity === "Favourite"));
  const coins = await plan(
    "my coin collection. coins: country, year, denomination, condition. never add the same coin (country + year + denomination) twice.",
  );
  const rule = coins.rules?.find((r) => r.kind === "unique" && r.entity === "Coin");
  assert.deepEqual(rule?.fields, ["country", "year", "denomination"]);
});

Deno.test("people named in a field list are links to the people the app keeps", async () => {
  const spec = await plan(
    "Table tennis club. Members record matches (home player, away player, score). Show each member's matches.",
  );
  const match = spec.entities.find((e) => /Match/.test(e.name))!;
  assert.deepEqual(
    match.relations.filter((r) => r.target === "Member").map((r) => r.field).sort(),
    ["away_player_id", "home_player_id"],
  );
});

Deno.test("people who log records of their own are kept and own them; 'everyone gets a number' is theirs", async () => {
  const spec = await plan(
    "Allotment show. Growers log entries with vegetable, weight in kg and photo. Total weight per grower, highest first.",
  );
  assert.ok(entity(spec, "Entry").relations.some((r) => r.target === "Grower"), names(spec).join());
  const club = await plan(
    "Rowing club: we keep a list of rowers with name and boat class. Everyone gets a membership number automatically.",
  );
  const rower = entity(club, "Rower");
  assert.equal(rower.fields.find((f) => f.name === "membership_number")?.computed?.kind, "code");
});
