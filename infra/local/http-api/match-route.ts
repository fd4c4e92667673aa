/**
 * API Gateway HTTP API route matching: exact method before `ANY`, literal segments before
 * `{param}`, and `{name+}` greedy parameters last, as API Gateway documents route priority.
 */
import type { RouteDefinition } from '../../../shared/api/routes.ts';

export interface MatchedRoute {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
  /** Lower sorts first: fewer greedy/variable segments and a concrete method win. */
  rank: number[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  let variables = 0;
  let greedy = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      if (param[2]) {
        greedy += 1;
        return '(.+)';
      }
      variables += 1;
      return '([^/]+)';
    })
    .join('/');
  return {
    route,
    pattern: new RegExp(`^${source}$`),
    names,
    rank: [greedy, variables, route.method === 'ANY' ? 1 : 0],
  };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Compiles the route table once; the returned function finds the route for a request. */
export function routeMatcher(routes: readonly RouteDefinition[]) {
  const compiled = routes.map(compile).sort((a, b) => compareRank(a.rank, b.rank));
  return (method: string, path: string): MatchedRoute | undefined => {
    for (const candidate of compiled) {
      if (candidate.route.method !== method && candidate.route.method !== 'ANY') continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, index) => {
        pathParameters[name] = decodeURIComponent(match[index + 1] as string);
      });
      return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}
