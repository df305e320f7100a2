import { invalid } from '../inputs/parse.js';

/**
 * Image references as Docker reads them: the first path part is a registry host when it has a "."
 * or ":" or is "localhost"; otherwise the text is a repository path (here: an ECR repository name).
 */

export interface RepositoryTarget {
  /** Registry host, absent for a bare ECR repository name. */
  host?: string;
  /** Path inside the registry (the ECR repository name). */
  path: string;
}

const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function parseRepository(input: string, inputName = 'repository'): RepositoryTarget {
  const text = input.trim();
  const slash = text.indexOf('/');
  const first = slash > 0 ? text.slice(0, slash) : '';
  const hasHost = Boolean(first) && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : undefined;
  const path = hasHost ? text.slice(slash + 1) : text;
  if (path.includes('@') || path.includes(':')) {
    throw invalid(inputName, input, 'a repository without tag or digest (tags go in the "tags" input)');
  }
  if (!PATH.test(path)) {
    throw invalid(
      inputName,
      input,
      'an ECR repository name such as "shop/api" or an image reference such as "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api"',
    );
  }
  return { host, path };
}

export function withTag(repositoryUri: string, tag: string): string {
  return `${repositoryUri}:${tag}`;
}

export function withDigest(repositoryUri: string, digest: string): string {
  return `${repositoryUri}@${digest}`;
}
