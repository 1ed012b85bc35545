/**
 * The generated app's look: its favicon and a hand-written stylesheet, no
 * framework. Readable type, a single centred column, AA contrast in light and
 * dark schemes, visible focus, and forms, buttons and tables that work on a
 * phone.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";

/**
 * Renders `frontend/app/globals.css`.
 *
 * @returns The file.
 */
export function renderStyles(): GeneratedFile {
  return { path: "frontend/app/globals.css", content: CSS };
}

/**
 * Renders `frontend/app/icon.svg`, the favicon Next.js serves from the app folder.
 *
 * @returns The file.
 */
export function renderIcon(): GeneratedFile {
  return { path: "frontend/app/icon.svg", content: ICON };
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="7" fill="#1d4ed8"/>
  <path d="M9 11h14M9 16h14M9 21h9" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/>
</svg>
`;

const CSS = `:root {
  --bg: #f7f7f8;
  --surface: #ffffff;
  --text: #1b1d21;
  --muted: #555b66;
  --border: #d5d8de;
  --accent: #1d4ed8;
  --accent-text: #ffffff;
  --accent-hover: #1e40af;
  --danger: #b91c1c;
  --danger-bg: #fdecec;
  --success: #166534;
  --success-bg: #e8f6ec;
  --radius: 8px;
  --shadow: 0 1px 2px rgb(0 0 0 / 6%);
  color-scheme: light dark;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111316;
    --surface: #1a1d22;
    --text: #eceef1;
    --muted: #a6adb8;
    --border: #343a44;
    --accent: #8ab4ff;
    --accent-text: #0b1220;
    --accent-hover: #b3ceff;
    --danger: #ff9b9b;
    --danger-bg: #3a1a1a;
    --success: #8fe0a8;
    --success-bg: #14301e;
    --shadow: none;
  }
}

*,
*::before,
*::after {
  box-sizing: border-box;
}

html {
  -webkit-text-size-adjust: 100%;
}

body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}

a {
  color: var(--accent);
}

a:hover {
  color: var(--accent-hover);
}

:focus-visible {
  outline: 3px solid var(--accent);
  outline-offset: 2px;
}

.container {
  width: 100%;
  max-width: 960px;
  margin: 0 auto;
  padding: 0 1rem;
}

.skip-link {
  position: absolute;
  left: -999px;
}

.skip-link:focus {
  left: 1rem;
  top: 1rem;
  z-index: 10;
  padding: 0.5rem 0.75rem;
  background: var(--surface);
}

.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}

/* Header and navigation */

.site-header {
  background: var(--surface);
  border-bottom: 1px solid var(--border);
}

.nav {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 1.25rem;
  padding: 0.75rem 0;
}

.nav .brand {
  font-weight: 700;
  font-size: 1.1rem;
  color: var(--text);
  text-decoration: none;
}

.nav ul {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 1rem;
  margin: 0;
  padding: 0;
  list-style: none;
}

.nav ul a {
  text-decoration: none;
}

.nav ul a[aria-current="page"] {
  font-weight: 600;
  text-decoration: underline;
  text-underline-offset: 4px;
}

.auth {
  display: flex;
  align-items: center;
  gap: 0.75rem;
  margin-left: auto;
}

main.container {
  padding-top: 1.5rem;
  padding-bottom: 3rem;
}

.site-footer {
  border-top: 1px solid var(--border);
  color: var(--muted);
  font-size: 0.875rem;
  padding: 1rem 0;
}

/* Text */

h1 {
  font-size: 1.9rem;
  line-height: 1.2;
  margin: 0.5rem 0 0.75rem;
}

h2 {
  font-size: 1.3rem;
  margin: 1.75rem 0 0.75rem;
}

.card h2 {
  margin-top: 0;
}

h3 {
  font-size: 1.05rem;
  margin: 1.25rem 0 0.5rem;
}

.lead {
  font-size: 1.1rem;
  color: var(--muted);
  margin-top: 0;
}

.muted {
  color: var(--muted);
}

.eyebrow {
  margin: 0;
  color: var(--muted);
  font-size: 0.85rem;
  text-transform: uppercase;
  letter-spacing: 0.06em;
}

.back {
  margin: 0 0 0.5rem;
}

.empty {
  padding: 1rem;
  border: 1px dashed var(--border);
  border-radius: var(--radius);
  color: var(--muted);
  text-align: center;
}

.narrow {
  max-width: 28rem;
  margin: 0 auto;
}

/* Cards */

.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 1.25rem;
  margin: 1.25rem 0;
}

.cards {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
  gap: 1rem;
  margin: 1.5rem 0;
  padding: 0;
  list-style: none;
}

.cards .card {
  margin: 0;
}

.stat h3 {
  margin: 0 0 0.25rem;
  font-size: 1.15rem;
}

.stat h3 a {
  text-decoration: none;
}

.stat h3 a span:last-child {
  text-decoration: underline;
}

.stat-count {
  display: block;
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.1;
}

/* Forms */

.form {
  display: grid;
  gap: 1rem;
}

.field {
  display: grid;
  gap: 0.3rem;
}

.field label {
  font-weight: 600;
}

.field-check {
  display: flex;
  align-items: center;
  gap: 0.5rem;
}

.optional {
  font-weight: 400;
  color: var(--muted);
}

.hint {
  margin: 0;
  font-size: 0.875rem;
  color: var(--muted);
}

input:not([type="checkbox"]),
select,
textarea {
  width: 100%;
  padding: 0.55rem 0.7rem;
  font: inherit;
  color: var(--text);
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: 6px;
}

input[type="checkbox"] {
  width: 1.15rem;
  height: 1.15rem;
  accent-color: var(--accent);
}

textarea {
  resize: vertical;
}

input:focus,
select:focus,
textarea:focus {
  border-color: var(--accent);
}

button,
.button {
  display: inline-block;
  justify-self: start;
  padding: 0.55rem 1.1rem;
  font: inherit;
  font-weight: 600;
  color: var(--accent-text);
  background: var(--accent);
  border: 1px solid var(--accent);
  border-radius: 6px;
  cursor: pointer;
  text-decoration: none;
}

button:hover,
.button:hover {
  background: var(--accent-hover);
  color: var(--accent-text);
}

button:disabled {
  opacity: 0.6;
  cursor: progress;
}

button.secondary {
  color: var(--text);
  background: transparent;
  border-color: var(--border);
}

button.danger {
  color: var(--danger);
  background: transparent;
  border-color: var(--danger);
}

button.danger:hover {
  color: var(--surface);
  background: var(--danger);
}

.alert {
  margin: 0;
  padding: 0.75rem 1rem;
  color: var(--danger);
  background: var(--danger-bg);
  border: 1px solid var(--danger);
  border-radius: 6px;
}

.alert ul,
.alert p {
  margin: 0.25rem 0;
}

.success {
  margin: 0;
  color: var(--success);
  background: var(--success-bg);
  padding: 0.5rem 0.75rem;
  border-radius: 6px;
}

/* Tables and details */

.table-wrap {
  overflow-x: auto;
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
}

table {
  width: 100%;
  border-collapse: collapse;
}

th,
td {
  padding: 0.6rem 0.8rem;
  text-align: left;
  vertical-align: top;
  border-bottom: 1px solid var(--border);
}

tbody tr:last-child td {
  border-bottom: none;
}

th {
  font-size: 0.85rem;
  color: var(--muted);
  text-transform: uppercase;
  letter-spacing: 0.04em;
}

.clip {
  max-width: 24rem;
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 3;
  overflow: hidden;
  white-space: pre-wrap;
}

td.actions {
  min-width: 10rem;
  text-align: right;
}

.cell-actions,
.tile .actions {
  display: flex;
  flex-wrap: wrap;
  align-items: flex-start;
  justify-content: flex-end;
  gap: 0.4rem;
}

.tile .actions {
  justify-content: flex-start;
}

.tile .actions button {
  padding: 0.3rem 0.8rem;
  font-size: 0.9rem;
}

td.actions button {
  padding: 0.3rem 0.7rem;
  font-size: 0.9rem;
}

.details {
  display: grid;
  grid-template-columns: minmax(8rem, max-content) 1fr;
  gap: 0.5rem 1.25rem;
  margin: 1rem 0 1.5rem;
}

.details dt {
  font-weight: 600;
  color: var(--muted);
}

.details dd {
  margin: 0;
  overflow-wrap: anywhere;
}

.details dd.long {
  white-space: pre-wrap;
}

/* Forms: labels, choices */

.field-head {
  display: flex;
  align-items: baseline;
  gap: 0.4rem;
}

fieldset.choices {
  margin: 0;
  padding: 0;
  border: none;
}

fieldset.choices legend {
  font-weight: 600;
  padding: 0;
  margin-bottom: 0.3rem;
}

.chips {
  display: flex;
  flex-wrap: wrap;
  gap: 0.4rem;
}

button.chip {
  padding: 0.3rem 0.8rem;
  font-weight: 500;
  color: var(--text);
  background: var(--surface);
  border-color: var(--border);
  border-radius: 999px;
}

button.chip[aria-pressed="true"] {
  color: var(--accent-text);
  background: var(--accent);
  border-color: var(--accent);
}

button.chip[aria-pressed="true"]::before {
  content: "✓ ";
}

img.preview {
  max-width: 12rem;
  max-height: 8rem;
  border-radius: 6px;
  border: 1px solid var(--border);
}

/* Values */

.inline-list {
  display: inline;
  margin: 0;
  padding: 0;
  list-style: none;
}

.inline-list li {
  display: inline;
}

.inline-list li + li::before {
  content: ", ";
}

.measure {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  min-width: 8rem;
}

.bar {
  display: inline-block;
  flex: 1;
  min-width: 4rem;
  height: 0.6rem;
  background: var(--border);
  border-radius: 999px;
  overflow: hidden;
}

.bar-fill {
  display: block;
  height: 100%;
  background: var(--accent);
}

img.thumb {
  display: block;
  max-width: 6rem;
  max-height: 4.5rem;
  border-radius: 4px;
  object-fit: cover;
}

.details img.thumb {
  max-width: 100%;
  max-height: 24rem;
}

.positive {
  color: var(--success);
}

.negative {
  color: var(--danger);
}

/* Actions */

.row-actions {
  display: inline-flex;
  flex-wrap: wrap;
  align-items: flex-end;
  justify-content: flex-end;
  gap: 0.4rem;
}

.row-actions .alert {
  flex-basis: 100%;
  max-width: 22rem;
  font-size: 0.9rem;
  text-align: left;
}

.inline-form {
  display: inline-flex;
  align-items: flex-end;
  gap: 0.4rem;
}

.inline-form .field {
  gap: 0.1rem;
  font-size: 0.9rem;
  text-align: left;
}

.inline-form select,
.inline-form input {
  width: auto;
  padding: 0.3rem 0.5rem;
}

.row-actions button {
  padding: 0.3rem 0.8rem;
  font-size: 0.9rem;
}

.action-bar {
  display: flex;
  flex-wrap: wrap;
  align-items: flex-end;
  gap: 0.5rem 1rem;
  margin: 0 0 0.75rem;
  padding: 0.75rem 1rem;
  background: var(--surface);
  border: 1px solid var(--border);
  border-left: 4px solid var(--accent);
  border-radius: var(--radius);
}

.action-bar .field {
  min-width: 12rem;
}

.action-bar-title {
  flex-basis: 100%;
  margin: 0;
  font-weight: 600;
}

.toolbar {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  margin: 1rem 0;
}

/* On a row's own page the buttons follow its values. */
.details + .row-actions,
.details + .action-bar + .row-actions {
  display: flex;
  justify-content: flex-start;
  margin: 0 0 1rem;
}

/* Lists: filters, links, the home page */

.filters {
  display: flex;
  flex-wrap: wrap;
  align-items: flex-end;
  gap: 0.75rem 1rem;
  margin: 0 0 1rem;
}

.filters .field {
  flex: 1 1 12rem;
}

.page-links ul {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1.25rem;
  margin: 0 0 1rem;
  padding: 0;
  list-style: none;
}

.page-links a {
  font-weight: 600;
}

.card.create {
  border-top: 4px solid var(--accent);
}

.created {
  display: grid;
  gap: 0.25rem;
}

.created p {
  margin: 0;
}

.signin-prompt {
  margin: 0;
  color: var(--muted);
}

/* Galleries */

.gallery {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 1rem;
  margin: 0;
  padding: 0;
  list-style: none;
}

.tile {
  display: flex;
  flex-direction: column;
  gap: 0.5rem;
  padding: 0 0 1rem;
  overflow: hidden;
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
}

.tile > :not(img) {
  margin-left: 1rem;
  margin-right: 1rem;
}

.tile h3 {
  margin-top: 0.25rem;
  margin-bottom: 0;
}

.tile-image {
  width: 100%;
  aspect-ratio: 4 / 3;
  object-fit: cover;
  background: var(--border);
}

.tile-values {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 1rem;
  margin: 0;
  font-size: 0.9rem;
}

.tile-values dt {
  display: inline;
  color: var(--muted);
}

.tile-values dt::after {
  content: ": ";
}

.tile-values dd {
  display: inline;
  margin: 0;
}

.tile .actions {
  margin-top: auto;
}

/* Schedules and balances */

.week-nav {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  margin: 0 0 1rem;
}

.days {
  display: grid;
  gap: 0.75rem;
}

.day {
  padding: 0.75rem 1rem;
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
}

.day h2 {
  margin: 0 0 0.5rem;
  font-size: 1.05rem;
}

.day p {
  margin: 0;
}

.agenda {
  display: grid;
  gap: 0.5rem;
  margin: 0;
  padding: 0;
  list-style: none;
}

.agenda li {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.35rem 0.9rem;
}

.agenda-time {
  min-width: 4rem;
  font-variant-numeric: tabular-nums;
  font-weight: 600;
}

.agenda-title {
  font-weight: 600;
}

.agenda .row-actions {
  margin-left: auto;
}

.transfers {
  margin: 0 0 1rem;
  padding-left: 1.25rem;
}

.transfers li {
  margin: 0.25rem 0;
}

@media (max-width: 600px) {
  h1 {
    font-size: 1.5rem;
  }

  .details {
    grid-template-columns: 1fr;
  }

  .details dd {
    margin-bottom: 0.5rem;
  }

  .auth {
    margin-left: 0;
  }
}
`;
