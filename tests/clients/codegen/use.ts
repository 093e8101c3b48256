// Uses the generated types the way a frontend does; `tsc --strict` must accept it, and
// rejects it if a field the frontend reads is gone or changed type.
import type {
  AroundQuery,
  FindingsPageQuery,
  FindingsPageQueryVariables,
  StepsQuery,
  SupervisionConcernsQuery,
} from './graphql';

export const firstPage: FindingsPageQueryVariables = { first: 10 };
export const lastPage: FindingsPageQueryVariables = { last: 10, before: 'b2Zmc2V0OjEw' };

export function units(page: FindingsPageQuery): string[] {
  return page.findings.edges.flatMap((edge) =>
    edge.node.unitLinks.map((link) => `${link.unit.acronym ?? link.unit.id}@${link.lines[0]}`),
  );
}

export function depths(answer: AroundQuery): Map<string, number | null | undefined> {
  return new Map(answer.neighbourhood.nodes.map((n) => [n.node.id, n.depth]));
}

export function route(answer: StepsQuery): string {
  return (answer.shortestPath?.steps ?? [])
    .map((step) => (step.edge ? `-${step.edge.kind}-> ` : '') + step.node.id)
    .join(' ');
}

export function themes(answer: SupervisionConcernsQuery): string[] {
  return answer.findings.edges.flatMap((e) => e.node.themeLinks.map((l) => l.theme.id));
}
