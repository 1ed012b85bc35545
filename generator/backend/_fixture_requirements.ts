/**
 * Requirements with acceptance scenarios for some behaviour fixtures, used
 * by the backend's behaviour tests (the fixtures themselves carry none).
 *
 * @module
 */
import type { HttpStep, Requirement } from "../../core/behaviours.ts";

type Step = HttpStep;

const step = (
  method: Step["method"],
  path: string,
  status: number,
  extra: Partial<Step> = {},
): Step => ({ method, path, status, ...extra });

function requirement(
  text: string,
  kinds: Requirement["kinds"],
  steps: Step[],
  actors?: Record<string, { role?: string }>,
): Requirement {
  return {
    id: "r1",
    text,
    kinds,
    status: "implemented",
    by: [],
    scenarios: [{ name: text, ...(actors ? { actors } : {}), steps }],
  };
}

/** Requirements by fixture name. */
export const REQUIREMENTS: Record<string, Requirement[]> = {
  library: [requirement(
    "A loan is returned once; a book on loan cannot be lent again; overdue loans are listed",
    ["action_transition", "rule_availability", "view_filtered"],
    [
      step("POST", "/api/books", 201, { body: { title: "Dune {run}" }, save: { book: "id" } }),
      step("POST", "/api/members", 201, { body: { name: "Ann" }, save: { member: "id" } }),
      step("POST", "/api/loans", 201, {
        body: { due_date: "{today-3}", book_id: "{book}", member_id: "{member}" },
        expect: { returned_at: null },
        save: { loan: "id" },
      }),
      step("POST", "/api/loans", 409, {
        body: { due_date: "{today+3}", book_id: "{book}", member_id: "{member}" },
        expect: { detail: "This book is on loan: it must be returned before it is lent again" },
      }),
      step("GET", "/api/loans/overdue", 200, { expect: { $has: { id: "{loan}" } } }),
      step("POST", "/api/loans/{loan}/return", 200, { expect: { returned_at: "{today}" } }),
      step("POST", "/api/loans/{loan}/return", 409, {
        expect: { detail: "This loan was already returned" },
      }),
      step("GET", "/api/loans/overdue", 200, { expect: { $lacks: { id: "{loan}" } } }),
      step("POST", "/api/loans", 201, {
        body: { due_date: "{today+3}", book_id: "{book}", member_id: "{member}" },
      }),
      step("GET", "/api/books?q=DUNE%20{run}", 200, { expect: [{ id: "{book}" }] }),
    ],
  )],
  link: [requirement("A short link redirects and counts its clicks", ["redirect", "counter"], [
    step("POST", "/api/links", 201, {
      body: { url: "https://example.com/{run}" },
      expect: { clicks: 0, code: { $len: 7 } },
      save: { code: "code", link: "id" },
    }),
    step("GET", "/r/{code}", 307, { headers: { location: "https://example.com/{run}" } }),
    step("GET", "/api/links/{link}", 200, { expect: { clicks: 1 } }),
    step("GET", "/r/no-such-code", 404),
    step("POST", "/api/links", 422, { body: { url: "https://example.com", clicks: 5 } }),
  ])],
  helpdesk: [
    requirement(
      "Employees open tickets; only agents take and close them, once",
      ["roles", "action_transition", "transition_timestamp"],
      [
        step("POST", "/api/tickets", 201, {
          as: "emp",
          body: { subject: "Printer {run}" },
          expect: { status: "open", closed_at: null },
          save: { ticket: "id" },
        }),
        step("POST", "/api/tickets/{ticket}/take", 403, { as: "emp" }),
        step("POST", "/api/tickets/{ticket}/take", 200, {
          as: "agent",
          expect: { status: "in_progress" },
        }),
        step("POST", "/api/tickets/{ticket}/take", 409, {
          as: "agent",
          expect: { detail: "Only open tickets can be taken" },
        }),
        step("POST", "/api/tickets/{ticket}/close", 200, {
          as: "agent",
          expect: { status: "closed", closed_at: { $type: "string" } },
        }),
        step("GET", "/api/tickets/open", 200, {
          as: "agent",
          expect: { $lacks: { id: "{ticket}" } },
        }),
        step("GET", "/api/tickets?status=closed", 200, {
          as: "emp",
          expect: { $has: { id: "{ticket}" } },
        }),
        step("GET", "/api/auth/me", 200, { as: "agent", expect: { role: "agent" } }),
        step("POST", "/api/tickets", 422, {
          as: "emp",
          body: { subject: "Sneaky", status: "closed" },
        }),
        step("POST", "/api/auth/register", 403, {
          as: "anonymous",
          body: {
            email: "mallory-{run}@example.com",
            password: "long enough password",
            name: "Mallory",
            role: "agent",
            staff_code: "wrong",
          },
        }),
      ],
      { emp: {}, agent: { role: "agent" } },
    ),
  ],
  poll: [requirement("People vote once per poll and see each option's share", [
    "action_signup",
    "rule_unique_combined",
    "aggregate",
  ], [
    step("POST", "/api/polls", 201, { body: { question: "Lunch?" }, save: { poll: "id" } }),
    step("POST", "/api/options", 201, {
      body: { text: "Pizza", poll_id: "{poll}" },
      save: { pizza: "id" },
    }),
    step("POST", "/api/options", 201, {
      body: { text: "Soup", poll_id: "{poll}" },
      save: { soup: "id" },
    }),
    step("POST", "/api/options/{pizza}/vote", 201, {
      body: { voter: "ann" },
      expect: { option_id: "{pizza}", poll_id: "{poll}" },
    }),
    step("POST", "/api/options/{soup}/vote", 409, {
      body: { voter: "ann" },
      expect: { detail: "This person already voted in this poll" },
    }),
    step("POST", "/api/options/{soup}/vote", 201, { body: { voter: "bob" } }),
    step("POST", "/api/options/{pizza}/vote", 201, { body: { voter: "cid" } }),
    step("GET", "/api/options/{pizza}", 200, { expect: { votes: 2, share: 66.7 } }),
    step("GET", "/api/options?poll_id={poll}", 200, { expect: { $len: 2 } }),
  ])],
  kanban: [requirement("Cards move up, down and to another column", ["action_move"], [
    step("POST", "/api/board_columns", 201, { body: { name: "Todo" }, save: { todo: "id" } }),
    step("POST", "/api/cards", 201, {
      body: { title: "A", board_column_id: "{todo}" },
      expect: { position: 1 },
      save: { a: "id" },
    }),
    step("POST", "/api/cards", 201, {
      body: { title: "B", board_column_id: "{todo}" },
      expect: { position: 2 },
      save: { b: "id" },
    }),
    step("POST", "/api/cards/{b}/up", 200, { expect: { position: 1 } }),
    step("GET", "/api/cards/{a}", 200, { expect: { position: 2 } }),
    step("POST", "/api/cards/{b}/up", 409),
    step("GET", "/api/cards?board_column_id={todo}", 200, {
      expect: [{ id: "{b}" }, { id: "{a}" }],
    }),
    step("POST", "/api/board_columns", 201, { body: { name: "Done" }, save: { done: "id" } }),
    step("POST", "/api/cards/{a}/move", 200, {
      body: { board_column_id: "{done}" },
      expect: { board_column_id: "{done}" },
    }),
    step("POST", "/api/cards/{a}/move", 422, { body: { board_column_id: 999999 } }),
  ])],
  trip: [requirement("The trip says who owes whom, and settling up clears it", [
    "view_balance",
    "many_to_many",
  ], [
    step("POST", "/api/trips", 201, { body: { name: "Rome" }, save: { trip: "id" } }),
    step("POST", "/api/friends", 201, {
      body: { name: "Ann", trip_id: "{trip}" },
      save: { ann: "id" },
    }),
    step("POST", "/api/friends", 201, {
      body: { name: "Bob", trip_id: "{trip}" },
      save: { bob: "id" },
    }),
    step("POST", "/api/expenses", 201, {
      body: {
        description: "Hotel",
        amount: 30,
        trip_id: "{trip}",
        payer_id: "{ann}",
        split_between_ids: ["{ann}", "{bob}"],
      },
      expect: { split_between_ids: ["{ann}", "{bob}"] },
    }),
    step("GET", "/api/trips/{trip}", 200, { expect: { total_spent: 30 } }),
    step("GET", "/api/trips/{trip}/balances", 200, {
      expect: {
        balances: [
          { member_id: "{ann}", name: "Ann", paid: 30, share: 15, net: 15 },
          { member_id: "{bob}", paid: 0, share: 15, net: -15 },
        ],
        transfers: [{ from_id: "{bob}", from: "Bob", to_id: "{ann}", to: "Ann", amount: 15 }],
      },
    }),
    step("POST", "/api/trips/{trip}/balances/settle", 201, {
      expect: [{ from_id: "{bob}", to_id: "{ann}", amount: 15, trip_id: "{trip}" }],
    }),
    step("GET", "/api/trips/{trip}/balances", 200, {
      expect: { transfers: { $len: 0 }, balances: { $has: { member_id: "{bob}", net: 0 } } },
    }),
    step("GET", "/api/trips/999999/balances", 404),
  ])],
  stock: [requirement("Stock never goes below zero; low stock is listed", [
    "rule_consistency",
    "view_filtered",
    "aggregate",
  ], [
    step("POST", "/api/supplies", 201, { body: { name: "Flour", minimum: 10 }, save: { s: "id" } }),
    step("GET", "/api/supplies/low_stock", 200, { expect: { $has: { id: "{s}" } } }),
    step("POST", "/api/usages", 409, {
      body: { quantity: 5, date: "{today}", supply_id: "{s}" },
      expect: { detail: "Not enough in stock for this usage" },
    }),
    step("POST", "/api/deliveries", 201, {
      body: { quantity: 20, date: "{today}", supply_id: "{s}" },
    }),
    step("POST", "/api/usages", 201, { body: { quantity: 5, date: "{today}", supply_id: "{s}" } }),
    step("GET", "/api/supplies/{s}", 200, { expect: { delivered: 20, used: 5, in_stock: 15 } }),
    step("GET", "/api/supplies/low_stock", 200, { expect: { $lacks: { id: "{s}" } } }),
  ])],
  habit: [requirement("Done today once a day, and the streak counts the days", [
    "action_signup",
    "aggregate",
  ], [
    step("POST", "/api/habits", 201, {
      body: { name: "Run" },
      expect: { streak: 0 },
      save: { h: "id" },
    }),
    step("POST", "/api/habits/{h}/done_today", 201, {
      body: {},
      expect: { day: "{today}", habit_id: "{h}" },
    }),
    step("POST", "/api/habits/{h}/done_today", 409, {
      body: {},
      expect: { detail: "Already checked in today" },
    }),
    step("POST", "/api/check_ins", 201, { body: { day: "{today-1}", habit_id: "{h}" } }),
    step("GET", "/api/habits/{h}", 200, { expect: { streak: 2 } }),
  ])],
  drafts: [requirement(
    "Drafts are seen by their author only until published; slugs come from titles",
    ["owner_private", "action_transition", "generated_value"],
    [
      step("POST", "/api/posts", 201, {
        body: { title: "Hello {run}", body: "Text" },
        expect: { status: "draft", slug: "hello-{run}", published_at: null },
        save: { post: "id" },
      }),
      step("GET", "/api/posts/{post}", 404, { as: "reader" }),
      step("GET", "/api/posts/{post}", 404, { as: "anonymous" }),
      step("GET", "/api/posts", 200, { as: "anonymous", expect: { $lacks: { id: "{post}" } } }),
      step("GET", "/api/posts/{post}", 200),
      step("POST", "/api/posts/{post}/publish", 404, { as: "reader" }),
      step("POST", "/api/posts/{post}/publish", 200, {
        expect: { status: "published", published_at: { $type: "string" } },
      }),
      step("POST", "/api/posts/{post}/publish", 409),
      step("GET", "/api/posts/{post}", 200, { as: "anonymous" }),
      step("POST", "/api/posts/{post}/publish", 403, { as: "reader" }),
      step("POST", "/api/posts", 201, {
        body: { title: "Hello {run}", body: "Again" },
        expect: { slug: "hello-{run}-2" },
      }),
    ],
    { author: {}, reader: {} },
  )],
  yoga: [requirement("Members sign up to a class up to its capacity", [
    "action_signup",
    "rule_capacity",
    "view_schedule",
  ], [
    step("POST", "/api/yoga_classes", 201, {
      body: { name: "Flow", date: "{today}", starts_at: "09:00", capacity: 1 },
      expect: { signed_up: 0, spots_left: 1 },
      save: { c: "id" },
    }),
    step("POST", "/api/yoga_classes/{c}/sign_up", 201, { body: { note: "hi" } }),
    step("GET", "/api/yoga_classes/{c}", 200, { expect: { signed_up: 1, spots_left: 0 } }),
    step("POST", "/api/yoga_classes/{c}/sign_up", 409, {
      as: "b",
      body: {},
      expect: { detail: "This class is full" },
    }),
    step("GET", "/api/yoga_classes/week", 200, { expect: { $has: { id: "{c}" } } }),
    step("GET", "/api/yoga_classes/week?from={today+1}&days=2", 200, {
      expect: { $lacks: { id: "{c}" } },
    }),
  ], { a: {}, b: {} })],
  spending: [requirement("Spending per month and category", ["view_grouped", "owner_private"], [
    step("POST", "/api/categories", 201, { body: { name: "Food" }, save: { c: "id" } }),
    step("POST", "/api/expenses", 201, {
      body: { description: "Lunch", amount: 10, spent_on: "2024-03-05", category_id: "{c}" },
    }),
    step("POST", "/api/expenses", 201, {
      body: { description: "Dinner", amount: 5, spent_on: "2024-03-20", category_id: "{c}" },
    }),
    step("GET", "/api/expenses/monthly", 200, {
      expect: {
        $has: {
          spent_on: "2024-03",
          category_id: "{c}",
          category_id_label: "Food",
          total: 15,
          count: 2,
        },
      },
    }),
    step("GET", "/api/expenses/monthly", 200, { as: "other", expect: [] }),
  ], { me: {}, other: {} })],
  recipe: [requirement("Recipes have tags, filter by tag and search by name", [
    "many_to_many",
    "view_search",
    "rule_unique",
  ], [
    step("POST", "/api/tags", 201, { body: { name: "vegan {run}" }, save: { t: "id" } }),
    step("POST", "/api/recipes", 201, {
      body: { name: "Curry {run}", tag_ids: ["{t}"] },
      expect: { tag_ids: ["{t}"] },
      save: { r: "id" },
    }),
    step("GET", "/api/recipes?tag_id={t}", 200, { expect: [{ id: "{r}" }] }),
    step("GET", "/api/recipes?q=CURRY%20{run}", 200, { expect: [{ id: "{r}" }] }),
    step("GET", "/api/recipes?colour=red", 400, { expect: { detail: { $contains: "colour" } } }),
    step("POST", "/api/tags", 409, { body: { name: "vegan {run}" } }),
    step("POST", "/api/recipes", 422, { body: { name: "Soup", tag_ids: [999999] } }),
  ])],
};
