/**
 * What a user of each behaviour fixture does through its generated
 * frontend, by label, role and visible text only (the conventions the
 * acceptance scenarios' UI steps can rely on): create the main rows, run the
 * actions, meet the rules' refusals, open the views.
 *
 * @module
 */
import { FAKE_STAFF_CODE } from "./fake_backend.ts";
import { localDay, type User } from "./browser_user.ts";

async function noButton(u: User, name: string) {
  await u.settle();
  const n = await u.page.getByRole("button", { name, exact: true }).count();
  if (n > 0) throw new Error(`a "${name}" button is still offered`);
}
async function register(u: User, name: string, role?: string) {
  await u.goto("/register");
  await u.fill("Name", name);
  await u.fill("Email", `${name.toLowerCase()}-${Date.now()}@example.com`);
  await u.fill("Password", "Pass-word-123");
  if (role) {
    await u.select("Role", role);
    await u.fill("Staff code", FAKE_STAFF_CODE);
  }
  await u.click("button", "Create account");
  await u.see(`Signed in as ${name}`);
}
/** One flow per fixture of `tests/fixtures/behaviour_specs.ts`, by name. */
export const USER_FLOWS: Readonly<Record<string, (u: User) => Promise<void>>> = {
  poll: async (u) => {
    await u.goto("/");
    await u.fill("Question", "Lunch?");
    await u.click("button", "Create poll");
    await u.see("Created a poll");
    await u.click("link", "Lunch?");
    await u.fill("Text", "Pizza");
    await u.click("button", "Add option");
    await u.see("Pizza");
    await u.fill("Text", "Sushi");
    await u.click("button", "Add option");
    await u.see("Sushi");
    await u.fill("Voter", "Ann");
    await u.click("button", "Vote", 0);
    await u.see("100%");
    await u.fill("Voter", "Bob");
    await u.click("button", "Vote", 1);
    await u.see("50%");
    await u.click("button", "Vote", 1);
    await u.see("This person already voted in this poll");
  },
  link: async (u) => {
    await u.goto("/");
    await u.fill("Url", "https://example.com/a/long/path");
    await u.click("button", "Create link");
    await u.see("Short link:");
    const href = await u.page.locator('[data-testid="links-created"] a[target="_blank"]')
      .getAttribute("href");
    if (!href || !/\/r\/[a-z0-9]+$/i.test(href)) throw new Error(`no short link: ${href}`);
    const answer = await fetch(href, { redirect: "manual" });
    await answer.body?.cancel();
    if (answer.status !== 307) throw new Error(`short link answered ${answer.status}`);
    await u.goto("/links");
    await u.page.locator('[data-testid="links-item"]').first().getByText("1", { exact: true })
      .waitFor();
  },
  library: async (u) => {
    await u.goto("/books");
    await u.fill("Title", "Dune");
    await u.click("button", "Create book");
    await u.see("Created a book");
    await u.fill("Title", "Emma");
    await u.fill("Author", "Austen");
    await u.click("button", "Create book");
    await u.fill("Search", "dun");
    await u.notSee("Austen");
    await u.fill("Search", "zzz");
    await u.see("No books match.");
    await u.goto("/members");
    await u.fill("Name", "Ann");
    await u.click("button", "Create member");
    await u.goto("/loans");
    await u.fill("Due date", localDay(-2));
    await u.select("Book", "Dune");
    await u.select("Member", "Ann");
    await u.click("button", "Create loan");
    await u.see("Created a loan");
    await u.fill("Due date", localDay(5));
    await u.select("Book", "Dune");
    await u.select("Member", "Ann");
    await u.click("button", "Create loan");
    await u.see("This book is on loan");
    await u.click("link", "Overdue loans →");
    await u.see("Dune");
    await u.click("button", "Return");
    await u.see("No loans right now.");
    await u.goto("/loans");
    await noButton(u, "Return");
  },
  reservation: async (u) => {
    await u.goto("/restaurant-tables");
    await u.fill("Name", "Window");
    await u.fill("Seats", "4");
    await u.click("button", "Create table");
    await u.goto("/reservations");
    const book = async (guest: string, size: string, slot = "S19 30") => {
      await u.fill("Guest name", guest);
      await u.fill("Party size", size);
      await u.fill("Date", localDay());
      await u.select("Slot", slot);
      await u.select("Restaurant table", "Window");
      await u.click("button", "Create reservation");
    };
    await book("Zed", "2");
    await u.see("Created a reservation");
    await book("Bob", "2");
    await u.see("This table is already booked for that date and slot");
    await book("Cy", "9", "S21 00");
    await u.see("larger than the table");
    await u.click("link", "Reservations by day →");
    await u.see("Zed");
    await u.see("S19 30");
    await u.click("button", "Next week");
    await u.notSee("Zed");
    await u.click("button", "This week");
    await u.see("Zed");
  },
  trip: async (u) => {
    await u.goto("/");
    await u.fill("Name", "Lisbon");
    await u.click("button", "Create trip");
    await u.click("link", "Lisbon");
    await u.click("button", "New friend");
    await u.fill("Name", "Ann");
    await u.click("button", "Add friend");
    await u.see("Ann");
    await u.fill("Name", "Bob");
    await u.click("button", "Add friend");
    await u.see("Bob");
    await u.click("button", "New expense");
    await u.fill("Description", "Dinner");
    await u.fill("Amount", "30");
    await u.select("Payer", "Ann");
    await u.click("button", "Ann");
    await u.click("button", "Bob");
    await u.click("button", "Add expense");
    await u.see("Dinner");
    await u.see("30");
    await u.click("link", "Balances →");
    await u.see("Bob pays Ann 15");
    await u.see("gets back 15");
    await u.click("button", "Settle up");
    await u.see("Everyone is settled up.");
  },
  helpdesk: async (u) => {
    await register(u, "Erin");
    await u.goto("/");
    await u.fill("Subject", "Printer jam");
    await u.click("button", "Create ticket");
    await u.see("Created a ticket");
    await noButton(u, "Take");
    await u.click("button", "Sign out");
    await register(u, "Alex", "Agent");
    await u.see("(Agent)");
    await u.goto("/tickets");
    await u.see("Printer jam");
    await u.click("button", "Take");
    await u.see("In progress");
    await u.click("button", "Close");
    await u.see("Closed", true);
    await noButton(u, "Close");
    await u.goto("/tickets/open");
    await u.see("No tickets right now.");
  },
  kanban: async (u) => {
    await u.goto("/board-columns");
    await u.fill("Name", "To do");
    await u.fill("Position", "1");
    await u.click("button", "Create column");
    await u.see("Created a column");
    await u.fill("Name", "Done");
    await u.fill("Position", "2");
    await u.click("button", "Create column");
    await u.see("Created a column: Done");
    await u.goto("/cards");
    for (const [title, position] of [["Alpha", "1"], ["Beta", "2"]]) {
      await u.fill("Title", title!);
      await u.fill("Position", position!);
      await u.select("Board column", "To do");
      await u.click("button", "Create card");
      await u.see(`Created a card`);
    }
    await u.click("button", "Down", 0);
    await u.page.locator('[data-testid="cards-item"]').first().getByText("Beta").waitFor();
    await u.click("button", "Up", 0);
    await u.settle();
    await u.click("button", "Up", 0);
    // The top card cannot go up: the server says why, beside its buttons.
    await u.page.locator('[data-testid="cards-item"]').first().getByRole("alert").waitFor();
    await u.click("link", "Alpha");
    await u.click("button", "Move to Done");
    await u.page.locator("dd").getByText("Done").waitFor();
    await u.click("button", "Move to To do");
    await u.page.locator("dd").getByText("To do").waitFor();
  },
  yoga: async (u) => {
    await register(u, "Yan");
    await u.goto("/");
    await u.fill("Name", "Morning flow");
    await u.fill("Date", localDay());
    await u.fill("Starts at", "07:30");
    await u.fill("Capacity", "1");
    await u.click("button", "Create class");
    await u.see("Created a class");
    await u.click("button", "Sign up");
    await u.settle();
    await u.page.locator('[data-testid="yoga_classes-item"]').first().getByText("0", {
      exact: true,
    }).waitFor();
    await u.click("button", "Sign up");
    await u.see("This class is full");
    await u.goto("/yoga-classes/week");
    await u.see("Morning flow");
    await u.see("07:30");
  },
  drafts: async (u) => {
    await register(u, "Dee");
    await u.goto("/");
    await u.fill("Title", "Hello world");
    await u.fill("Body", "First post");
    await u.click("button", "Create post");
    await u.see("Created a post");
    await u.see("Draft");
    await u.click("button", "Publish");
    await u.see("Published", true);
    await noButton(u, "Publish");
    await u.click("link", "Hello world");
    await u.see("hello-world");
    await u.fill("Author", "Ann");
    await u.fill("Body", "Nice");
    await u.click("button", "Add comment");
    await u.see("Nice");
  },
  stock: async (u) => {
    await u.goto("/");
    await u.fill("Name", "Flour");
    await u.fill("Minimum", "5");
    await u.click("button", "Create supply");
    await u.click("link", "Flour");
    await u.click("button", "New delivery");
    await u.fill("Quantity", "10");
    await u.fill("Date", localDay());
    await u.click("button", "Add delivery");
    await u.click("button", "New usage");
    await u.fill("Quantity", "20");
    await u.fill("Date", localDay());
    await u.click("button", "Add usage");
    await u.see("Not enough in stock for this usage");
    await u.fill("Quantity", "7");
    await u.click("button", "Add usage");
    await u.page.locator("dd").getByText("3", { exact: true }).waitFor();
    await u.goto("/supplies/low-stock");
    await u.see("Flour");
  },
  spending: async (u) => {
    await register(u, "Sam");
    await u.goto("/categories");
    await u.fill("Name", "Food");
    await u.click("button", "Create category");
    await u.goto("/expenses");
    await u.fill("Description", "Lunch");
    await u.fill("Amount", "12.5");
    await u.fill("Spent on", localDay());
    await u.select("Category", "Food");
    await u.click("button", "Create expense");
    await u.see("Created an expense");
    await u.click("link", "Spending per month and category →");
    await u.see("Food");
    await u.see("12.5");
    await u.see(localDay().slice(0, 7));
  },
  recipe: async (u) => {
    await u.goto("/tags");
    for (const t of ["vegan", "quick"]) {
      await u.fill("Name", t);
      await u.click("button", "Create tag");
      await u.see(`Created a tag`);
    }
    await u.goto("/recipes");
    await u.fill("Name", "Salad");
    await u.click("button", "vegan");
    await u.click("button", "Create recipe");
    await u.see("Created a recipe");
    await u.fill("Search", "sal");
    await u.see("Salad");
    await u.fill("Search", "");
    await u.select("Filter by tag", "quick");
    await u.see("No recipes match.");
    await u.select("Filter by tag", "vegan");
    await u.page.locator('[data-testid="recipes-item"]').first().waitFor();
    await u.click("link", "Salad");
    await u.fill("Name", "Lettuce");
    await u.fill("Amount", "1 head");
    await u.click("button", "Add ingredient");
    await u.see("1 head");
  },
  gallery: async (u) => {
    await u.goto("/");
    await u.fill("Name", "Ann");
    await u.click("button", "Create member");
    await u.goto("/photos");
    await u.fill("Title", "Sunset");
    await u.fill("Image url", "https://example.com/sunset.jpg");
    await u.select("Member", "Ann");
    await u.click("button", "Create photo");
    await u.page.getByRole("img", { name: "Sunset" }).first().waitFor({ state: "attached" });
    await u.click("button", "Like");
    await u.page.locator('[data-testid="photos-item"]').first().getByText("1", { exact: true })
      .waitFor();
  },
  habit: async (u) => {
    await u.goto("/");
    await u.fill("Name", "Run");
    await u.click("button", "Create habit");
    await u.click("button", "Done today");
    await u.page.locator('[data-testid="habits-item"]').first().getByText("1", { exact: true })
      .waitFor();
    await u.click("button", "Done today");
    await u.see("Already checked in today");
  },
  room: async (u) => {
    await u.goto("/");
    await u.fill("Name", "Blue");
    await u.click("button", "Create room");
    await u.goto("/bookings");
    const book = async (title: string, from: string, to: string) => {
      await u.fill("Title", title);
      await u.fill("Starts at", `${localDay()}T${from}`);
      await u.fill("Ends at", `${localDay()}T${to}`);
      await u.select("Room", "Blue");
      await u.click("button", "Create booking");
    };
    await book("Standup", "09:00", "08:00");
    await u.see("The end must be after the start");
    await book("Standup", "09:00", "10:00");
    await u.see("Created a booking");
    await book("Review", "09:30", "11:00");
    await u.see("already booked at that time");
    await u.click("link", "Bookings by day →");
    await u.see("Standup");
    await u.see("09:00");
  },
  league: async (u) => {
    await u.goto("/");
    for (const t of ["Lions", "Tigers"]) {
      await u.fill("Name", t);
      await u.click("button", "Create team");
      await u.see("Created a team");
    }
    await u.goto("/matches");
    await u.fill("Played on", localDay());
    await u.fill("Home goals", "2");
    await u.fill("Away goals", "1");
    await u.select("Home", "Lions");
    await u.select("Away", "Lions");
    await u.click("button", "Create match");
    await u.see("A team cannot play itself");
    await u.select("Away", "Tigers");
    await u.select("Winner", "Lions");
    await u.click("button", "Create match");
    await u.see("Created a match");
    await u.click("link", "Wins per team →");
    await u.see("Lions");
    await u.goto("/machines");
    await u.fill("Name", "Lathe");
    await u.click("button", "Create machine");
    await u.goto("/machine-bookings");
    await u.fill("Member", "Ann");
    await u.fill("Day", localDay());
    await u.select("Machine", "Lathe");
    await u.click("button", "Create machine booking");
    await u.see("has not done the induction");
    await u.goto("/inductions");
    await u.fill("Member", "Ann");
    await u.select("Machine", "Lathe");
    await u.click("button", "Create induction");
    await u.goto("/machine-bookings");
    await u.fill("Member", "Ann");
    await u.fill("Day", localDay());
    await u.select("Machine", "Lathe");
    await u.click("button", "Create machine booking");
    await u.see("Created a machine booking");
  },
};
