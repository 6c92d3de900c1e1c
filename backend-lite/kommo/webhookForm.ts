import { MalformedWebhookBody } from './malformedWebhookBody.ts';

export type NestedValue = string | NestedValue[] | NestedObject;
export interface NestedObject {
  [key: string]: NestedValue;
}

export type NestedFormLimits = { maxKeys?: number; maxDepth?: number };

const DEFAULT_MAX_KEYS = 5_000;
// The deepest real Kommo key is leads[status][0][custom_fields][0][values][0][value]: 8 levels (reference §4.1).
const DEFAULT_MAX_DEPTH = 10;
// No Kommo key uses these. Refusing them means no later Object.assign, spread or merge of our output can reach a prototype.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const INDEX = /^(0|[1-9][0-9]*)$/;
const SEGMENT = /^\[([^[\]]*)\]/;

type Leaf = { kind: 'leaf'; value: string; key: string };
type Branch = { kind: 'branch'; children: Map<string, Node>; nextIndex: number; key: string };
type Node = Leaf | Branch;

/**
 * Parses an application/x-www-form-urlencoded body with PHP-style nested keys (how Kommo posts webhooks,
 * reference §4.1) into plain objects and arrays. Every leaf stays a string. Throws MalformedWebhookBody.
 */
export function parseNestedForm(body: string, limits: NestedFormLimits = {}): NestedObject {
  const maxKeys = limits.maxKeys ?? DEFAULT_MAX_KEYS;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const root: Branch = { kind: 'branch', children: new Map(), nextIndex: 0, key: '' };
  let count = 0;
  for (const [key, value] of new URLSearchParams(body)) {
    count += 1;
    if (count > maxKeys) {
      throw new MalformedWebhookBody(`the body has more than ${maxKeys} keys, which is more than any webhook we accept`);
    }
    insert(root, splitKey(key, maxDepth), key, value);
  }
  // The root stays an object even if every name is a number: a form body is a set of named fields.
  return toObject(root);
}

function splitKey(key: string, maxDepth: number): string[] {
  const open = key.indexOf('[');
  const base = open === -1 ? key : key.slice(0, open);
  if (key === '') throw new MalformedWebhookBody('the body has a field with an empty name (a bare "=value")');
  if (base === '') throw bad(key, 'has no name before its first "["');
  if (base.includes(']')) throw bad(key, 'has a "]" without a matching "["');
  const segments = [base];
  let rest = open === -1 ? '' : key.slice(open);
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (match === null) throw bad(key, 'has unbalanced or stray brackets; expected the form name[a][b]');
    segments.push(match[1] ?? '');
    if (segments.length > maxDepth) throw bad(key, `is nested more than ${maxDepth} levels deep`);
    rest = rest.slice(match[0].length);
  }
  const reserved = segments.find((segment) => RESERVED.has(segment));
  if (reserved !== undefined) throw bad(key, `uses the reserved name "${reserved}"`);
  return segments;
}

function insert(root: Branch, segments: readonly string[], key: string, value: string): void {
  let parent = root;
  let path = '';
  for (const [i, segment] of segments.entries()) {
    const appending = segment === '';
    const name = appending ? String(parent.nextIndex) : segment;
    path = i === 0 ? name : `${path}[${name}]`;
    const existing = parent.children.get(name);
    if (appending && existing !== undefined) throw bad(key, `cannot append at "${clip(path)}": that index is taken`);
    if (INDEX.test(name)) parent.nextIndex = Math.max(parent.nextIndex, Number(name) + 1);

    if (i === segments.length - 1) {
      if (existing?.kind === 'branch') {
        throw bad(key, `gives "${clip(path)}" a plain value, but "${clip(existing.key)}" already uses it as a group`);
      }
      if (existing !== undefined) throw bad(key, 'appears more than once');
      parent.children.set(name, { kind: 'leaf', value, key });
      return;
    }
    if (existing?.kind === 'leaf') {
      throw bad(key, `uses "${clip(path)}" as a group, but "${clip(existing.key)}" already gave it a plain value`);
    }
    const branch: Branch = existing ?? { kind: 'branch', children: new Map(), nextIndex: 0, key };
    parent.children.set(name, branch);
    parent = branch;
  }
}

function toObject(branch: Branch): NestedObject {
  return Object.fromEntries([...branch.children].map(([name, child]) => [name, toValue(child)]));
}

function toValue(node: Node): NestedValue {
  if (node.kind === 'leaf') return node.value;
  const entries = [...node.children];
  if (!entries.every(([name]) => INDEX.test(name))) return toObject(node);
  // Sparse indexes ([0], [2]) become consecutive array items, kept in index order.
  return entries.sort(([a], [b]) => compareIndexes(a, b)).map(([, child]) => toValue(child));
}

// Compares canonical decimal strings exactly, even past Number.MAX_SAFE_INTEGER.
function compareIndexes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function bad(key: string, problem: string): MalformedWebhookBody {
  return new MalformedWebhookBody(`the form key "${clip(key)}" ${problem}`);
}

// Keys come from strangers; keep error messages (and logs) a readable size.
function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
