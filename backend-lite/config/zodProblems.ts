import type { z } from 'zod';

/** Turns zod issues into lines that name the setting and say what is wrong with it. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const name = prefix + path;
    return name ? `${name}: ${issue.message}` : issue.message;
  });
}
