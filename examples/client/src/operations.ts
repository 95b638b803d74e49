import { graphql } from './gql';

/** Two of the README's example queries, as typed documents (codegen reads the `graphql()` calls). */

export const NorwegianCities = graphql(`
  query NorwegianCities($first: Int!, $after: String) {
    cities(country: "NO", first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CityProfile = graphql(`
  query CityProfile($slug: String!) {
    city(slug: $slug) {
      name
      countryCode
      memberships {
        network {
          name
        }
      }
      settlementYears {
        year
        decided
      }
      meetingsAttended {
        title {
          text
        }
      }
      fundingActivities {
        identifier
      }
    }
  }
`);
