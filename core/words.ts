/**
 * Naming helpers shared by the planner and the renderers: every identifier in
 * generated code is derived from a spec name through these functions.
 *
 * @module
 */

const IRREGULAR_PLURALS: Record<string, string> = {
  person: "people",
  child: "children",
  man: "men",
  woman: "women",
  mouse: "mice",
  goose: "geese",
  tooth: "teeth",
  foot: "feet",
  datum: "data",
  analysis: "analyses",
  criterion: "criteria",
  index: "indexes",
  quiz: "quizzes",
  staff: "staff",
  news: "news",
  series: "series",
  species: "species",
  equipment: "equipment",
  information: "information",
  feedback: "feedback",
  inventory: "inventories",
};

const IRREGULAR_SINGULARS: Record<string, string> = Object.fromEntries(
  Object.entries(IRREGULAR_PLURALS).map(([s, p]) => [p, s]),
);

/**
 * The English plural of a lower-case word.
 *
 * @param word A singular noun, e.g. `category`.
 * @returns Its plural, e.g. `categories`.
 * @example
 * ```ts
 * import { pluralize } from "./words.ts";
 * if (pluralize("category") !== "categories") throw new Error();
 * if (pluralize("choice quiz") !== "choice quizzes") throw new Error();
 * ```
 */
export function pluralize(word: string): string {
  // A phrase takes the plural on its last word: "choice quiz" → "choice quizzes".
  const space = word.lastIndexOf(" ");
  if (space >= 0) return word.slice(0, space + 1) + pluralize(word.slice(space + 1));
  const irregular = IRREGULAR_PLURALS[word];
  if (irregular !== undefined) return irregular;
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + "ies";
  if (/(s|x|z|ch|sh)$/.test(word)) return word + "es";
  if (/[^f]fe$/.test(word)) return word.slice(0, -2) + "ves";
  if (/(lea|loa|thie|shel|hal|wol)f$/.test(word)) return word.slice(0, -1) + "ves";
  return word + "s";
}

/**
 * The English singular of a lower-case word; words already singular are kept.
 *
 * @param word A noun, e.g. `categories` or `category`.
 * @returns Its singular, e.g. `category`.
 * @example
 * ```ts
 * import { singularize } from "./words.ts";
 * if (singularize("addresses") !== "address") throw new Error();
 * ```
 */
export function singularize(word: string): string {
  const space = word.lastIndexOf(" ");
  if (space >= 0) return word.slice(0, space + 1) + singularize(word.slice(space + 1));
  const irregular = IRREGULAR_SINGULARS[word];
  if (irregular !== undefined) return irregular;
  if (IRREGULAR_PLURALS[word] !== undefined) return word;
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(ss|us|is|ous)$/.test(word)) return word;
  if (/(ches|shes|sses|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/(lea|loa|thie|shel|hal|wol|kni|wi|li)ves$/.test(word)) {
    return word.slice(0, -3) + (/(kni|wi|li)ves$/.test(word) ? "fe" : "f");
  }
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * @param noun A singular noun phrase, e.g. `order item`.
 * @returns It with its indefinite article, e.g. `an order item`.
 * @example
 * ```ts
 * import { withArticle } from "./words.ts";
 * if (withArticle("option") !== "an option" || withArticle("poll") !== "a poll") throw new Error();
 * ```
 */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/**
 * Splits a name in any case style into lower-case words.
 *
 * @param name e.g. `BlogPost`, `blog_post`, `blog-post` or `blog post`.
 * @returns e.g. `["blog", "post"]`.
 */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/**
 * @param name A name in any case style.
 * @returns It in snake_case, e.g. `blog_post`.
 * @example
 * ```ts
 * import { snakeCase } from "./words.ts";
 * if (snakeCase("BlogPost") !== "blog_post") throw new Error();
 * ```
 */
export function snakeCase(name: string): string {
  return words(name).join("_");
}

/**
 * @param name A name in any case style.
 * @returns It in PascalCase, e.g. `BlogPost`.
 */
export function pascalCase(name: string): string {
  return words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/**
 * @param name A name in any case style.
 * @returns It in camelCase, e.g. `blogPost`.
 */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.length === 0 ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/**
 * @param name A name in any case style.
 * @returns It in kebab-case, e.g. `blog-post`.
 */
export function kebabCase(name: string): string {
  return words(name).join("-");
}

/**
 * @param name A name in any case style.
 * @returns Lower-case words separated by spaces, e.g. `blog post`.
 */
export function labelOf(name: string): string {
  return words(name).join(" ");
}

/**
 * @param text Any text.
 * @returns It with the first letter upper-cased, e.g. `Blog post`.
 */
export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
