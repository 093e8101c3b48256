// A small Relay app over the examples' questions: a theme through the Node interface, its
// findings as a paginated fragment (@connection, refetched through `node`), and two
// neighbourhoods. relay-compiler turns the graphql`` documents into artifacts in
// __generated__/; run.cjs drives them with relay-runtime (no React needed).
import { graphql } from 'relay-runtime';

export const ThemePage = graphql`
  query ThemeFindingsAppQuery($id: ID!) {
    node(id: $id) {
      __typename
      ...ThemeFindings_theme @alias(as: "theme")
    }
  }
`;

export const ThemeFindings = graphql`
  fragment ThemeFindings_theme on Theme
  @refetchable(queryName: "ThemeFindingsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" }) {
    id
    name
    findingCount
    findings(first: $count, after: $cursor) @connection(key: "ThemeFindings_findings") {
      totalCount
      edges {
        node {
          id
          title
          kind
        }
      }
    }
  }
`;

export const Around = graphql`
  query ThemeFindingsAroundQuery($id: ID!, $depth: Int!) {
    neighbourhood(id: $id, depth: $depth) {
      nodes {
        depth
        node {
          __typename
          id
        }
      }
    }
  }
`;
