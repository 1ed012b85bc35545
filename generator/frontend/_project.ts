/**
 * The generated frontend's project files: package.json with pinned versions,
 * TypeScript and Next.js config, env example, .gitignore and README.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { API_CLIENT, ENV, PORTS } from "../../core/contract.ts";
import { kebabCase } from "../../core/words.ts";
import type { FrontendModel } from "./model.ts";

/** Exact versions the generated package.json pins (Next 15.5 line, React 19). */
export const FRONTEND_VERSIONS = {
  next: "15.5.29",
  react: "19.3.1",
  "react-dom": "19.3.1",
  typescript: "5.9.3",
  "@types/node": "22.20.5",
  "@types/react": "19.3.0",
  "@types/react-dom": "19.3.0",
} as const;

/**
 * Renders the project files of the frontend.
 *
 * @param model The frontend model.
 * @returns package.json, tsconfig.json, next.config.mjs, next-env.d.ts,
 *   .env.example, .gitignore and README.md.
 */
export function renderProject(model: FrontendModel): GeneratedFile[] {
  const v = FRONTEND_VERSIONS;
  const pkg = {
    name: `${kebabCase(model.spec.name)}-frontend`,
    version: "0.1.0",
    private: true,
    // No -p here: `npm run dev -- -p 3001` would run `next dev -p 3000 -p 3001`.
    // Next.js's own default is the contract's port.
    scripts: { dev: "next dev", build: "next build", start: "next start" },
    dependencies: { next: v.next, react: v.react, "react-dom": v["react-dom"] },
    devDependencies: {
      "@types/node": v["@types/node"],
      "@types/react": v["@types/react"],
      "@types/react-dom": v["@types/react-dom"],
      typescript: v.typescript,
    },
    engines: { node: ">=18.18" },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2017",
      lib: ["dom", "dom.iterable", "esnext"],
      allowJs: true,
      skipLibCheck: true,
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      esModuleInterop: true,
      module: "esnext",
      moduleResolution: "bundler",
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: "preserve",
      incremental: true,
      plugins: [{ name: "next" }],
      paths: { "@/*": ["./*"] },
    },
    include: ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
    exclude: ["node_modules"],
  };
  const file = (path: string, content: string): GeneratedFile => ({
    path: `frontend/${path}`,
    content,
  });
  return [
    file("package.json", JSON.stringify(pkg, null, 2) + "\n"),
    file("tsconfig.json", JSON.stringify(tsconfig, null, 2) + "\n"),
    file("next.config.mjs", NEXT_CONFIG),
    file("next-env.d.ts", NEXT_ENV),
    file(".env.example", `${ENV.apiUrl.name}=${ENV.apiUrl.default}\n`),
    file(".gitignore", GITIGNORE),
    file("README.md", readme(model)),
  ];
}

const NEXT_CONFIG = `// The API is the only origin pages may call; read when the app is built.
const apiUrl = process.env.NEXT_PUBLIC_API_URL ?? "http://localhost:8000";
let apiOrigin;
try {
  apiOrigin = new URL(apiUrl).origin;
} catch {
  throw new Error(\`Invalid NEXT_PUBLIC_API_URL "\${apiUrl}": expected a URL such as http://localhost:8000\`);
}
const dev = process.env.NODE_ENV !== "production";

// Next.js starts each page with inline scripts (and evaluates code in development),
// so scripts are limited to this origin and inline; nothing may frame the app.
const contentSecurityPolicy = [
  "default-src 'self'",
  \`script-src 'self' 'unsafe-inline'\${dev ? " 'unsafe-eval'" : ""}\`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "font-src 'self' data:",
  \`connect-src 'self' \${apiOrigin}\${dev ? " ws: wss:" : ""}\`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The generated app ships without an ESLint setup; \`next build\` still type-checks.
  eslint: { ignoreDuringBuilds: true },
  async headers() {
    return [{
      source: "/:path*",
      headers: [
        { key: "Content-Security-Policy", value: contentSecurityPolicy },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
      ],
    }];
  },
};

export default nextConfig;
`;

// As Next.js 15.5 writes it, so a build leaves the generated tree unchanged.
const NEXT_ENV = `/// <reference types="next" />
/// <reference types="next/image-types/global" />
/// <reference path="./.next/types/routes.d.ts" />

// NOTE: This file should not be edited
// see https://nextjs.org/docs/app/api-reference/config/typescript for more information.
`;

const GITIGNORE = `node_modules/
.next/
out/
*.tsbuildinfo
.env
.env*.local
npm-debug.log*
`;

function readme(model: FrontendModel): string {
  const { spec } = model;
  const api = ENV.apiUrl.default;
  const apiName = ENV.apiUrl.name;
  const corsName = ENV.cors.name;
  const web = `http://localhost:${PORTS.frontend}`;
  const other = PORTS.frontend + 1;
  const pages = spec.pages.map((p) => `- \`${p.route}\`: ${p.title}`).join("\n");
  const auth = spec.auth
    ? `
## Accounts

Sign up on ${
      model.registerRoute ? `\`${model.registerRoute}\`` : "the register page"
    } and sign in on ${
      model.loginRoute ? `\`${model.loginRoute}\`` : "the login page"
    }. The bearer token is kept in
\`localStorage\` under \`${API_CLIENT.tokenKey}\` and sent with every API call.
`
    : "";
  return `# ${spec.title}: frontend

${spec.summary}

A Next.js (App Router) + TypeScript frontend for the app's FastAPI backend.
Every page is a client component that calls the backend at runtime, so building needs no
running backend.

## Install

\`\`\`sh
npm install
\`\`\`

## Run against the backend

Start the backend first (see \`../backend/README.md\`; it listens on ${api}), then:

\`\`\`sh
cp .env.example .env.local   # set ${apiName} if the backend runs elsewhere
npm run dev                  # ${web}
\`\`\`

On another port, e.g. \`npm run dev -- -p ${other}\`, the backend refuses the pages' calls until
its \`${corsName}\` setting names the new origin (default: port ${PORTS.frontend} only), so start it with
\`${corsName}=http://localhost:${other}\` (comma-separated for several origins).

## Build

\`\`\`sh
npm run build
npm start                    # serves the build on ${web}; npm start -- -p N for another port
\`\`\`

\`${apiName}\` is read at build time; rebuild after changing it.
${auth}
## Pages

${pages}
`;
}
