/**
 * The GitHub client type the action uses: the Octokit of `@actions/github`.
 *
 * @module
 */
import type { getOctokit } from "@actions/github";

/** An authenticated REST client, as returned by `getOctokit()`. */
export type GitHub = ReturnType<typeof getOctokit>;
