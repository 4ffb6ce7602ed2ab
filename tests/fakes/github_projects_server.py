"""A fake GitHub GraphQL API (Projects v2, one organization), after
../shared/api/github_projects.md.

What it serves: `POST /graphql` with `{"query", "variables"?, "operationName"?}`, executed by
graphql-core against a subset of GitHub's public schema (the names, types and arguments are
the real ones from octokit/graphql-schema; fields not listed below are unknown to the fake):
- Queries: `node(id)`, `nodes(ids)`, `organization(login) { projectV2(number) projectsV2 }`,
  `user(login)` and `viewer` (the same owner fields), `repository(owner, name)` (labels, issues),
  `rateLimit { limit cost remaining used resetAt nodeCount }`.
- `ProjectV2`: `field(name)`, `fields(…)` (the `ProjectV2FieldConfiguration` union of
  `ProjectV2Field | ProjectV2SingleSelectField | ProjectV2IterationField`, options with
  `options(names:)` matched case-insensitively, iteration `configuration`), `items(…)`.
- `ProjectV2Item`: `id type isArchived createdAt updatedAt content` (the union `DraftIssue |
  Issue | PullRequest`), `fieldValueByName(name)`, `fieldValues(…)`, `project`.
- Mutations: `addProjectV2DraftIssue`, `updateProjectV2DraftIssue` (takes the `DI_` draft id,
  not the item id), `updateProjectV2ItemFieldValue` (exactly one of `text | number | date |
  singleSelectOptionId | iterationId`, of the field's kind), `clearProjectV2ItemFieldValue`,
  `convertProjectV2DraftIssueItemToIssue`, `addProjectV2ItemById` (an issue already on the
  project answers its existing item), `createIssue`, `addComment` (issues only: a draft or an
  item id as `subjectId` is an error — drafts take no comments, their body is appended to).

Auth: `Authorization: Bearer <token>` or `token <token>`; no header → 401 "This endpoint
requires you to be authenticated.", an unknown token → 401 "Bad credentials" (JSON with
`documentation_url`). A request without `User-Agent` → 403 (plain text). Scopes are checked
before execution: project types want `read:project` (or `project`), project mutations
`project`, issues, labels, repositories and comments `repo` → `INSUFFICIENT_SCOPES`.

Errors: a GraphQL failure is HTTP 200. Resolver errors come as `{"data": …, "errors": [{"type",
"path", "locations", "message"}]}` with the failed field null (`NOT_FOUND` "Could not resolve
to a node with the global id of '…'.", `UNPROCESSABLE`, the pagination types); errors found
before execution (syntax, validation, variables, scopes, the primary rate limit) come as
`{"errors": […]}` without `data`; validation errors carry `extensions.code`, variable errors
`extensions.value` and `extensions.problems`. Malformed JSON → 400 "Problems parsing JSON".

Rate limits: every authenticated answer has `x-ratelimit-limit|remaining|used|reset` and
`x-ratelimit-resource: graphql`. A query costs (connection requests, assuming full `first` /
`last`) / 100 rounded, at least 1; a mutation 1. Out of points → 200 `RATE_LIMITED`. The
secondary limits are enforced on the fake's clock: 2,000 points a minute (query 1, mutation
5), 80 content-creating mutations a minute and 500 an hour → `secondary_status` (403 by
default, 200 possible) with the "secondary rate limit" message and `retry-after`.

Tests seed and read the project (`projects`, `fields`, `items`, `drafts`, `issues`,
`comments`, `add_draft`, `item`, `field_id`, `option_id`, `add_option`, `rename_option`,
`remove_option`, `redact`, `archive`, `add_token`), move the clock (`advance`), inject failures
(`fail_next`, `rate_limit_next`, `down`) and read `calls` (`calls_to`, `calls_with`).

The fake's own choices where the notes are silent:
- The schema is a subset: no `orderBy` arguments, no classic projects, no pull requests
  beyond their id/number/title/url/body, no views/workflows/status updates; `dryRun` of
  `rateLimit` changes nothing.
- Ids: type prefix + `_` + 22 random base64url characters (`PVT_`, `PVTI_`, `PVTF_`,
  `PVTSSF_`, `PVTIF_`, `DI_`, `I_`, `IC_`, `R_`, `LA_`, `O_`, `U_`, field values `PVTFSV_`);
  option and iteration ids are 8 hex digits. Cursors are base64 of the 1-based position.
- New items go to the end of the project; `items` lists archived items too (`isArchived`);
  a redacted item keeps its id and type `REDACTED`, content null, no field values.
- `fieldValues` lists, in field order, the Title (a text value), Assignees if any, for
  issues Labels (if any) and Repository, and the values that are set. `field(name)` and
  `fieldValueByName(name)` match names exactly; unknown → null.
- `updateProjectV2ItemFieldValue` / `clear…` refuse the built-in fields (Title, Assignees,
  Labels, Milestone, Repository, …) as `UNPROCESSABLE`; a value of the wrong kind, none or
  several → `UNPROCESSABLE`; an option or iteration of another field → `UNPROCESSABLE`
  "The single select option Id does not belong to the field" (resp. iteration). Text values
  are at most 1,024 characters (unverified).
- Titles: not blank, ≤ 256 characters; bodies and comments ≤ 65,536 characters (GitHub's
  issue limits, assumed for drafts too). `addComment` on anything but an Issue →
  `UNPROCESSABLE` (the real text is unverified); ids of a known node of the wrong type →
  `NOT_FOUND` "Could not resolve to a DraftIssue node with the global id of '…'." (or the type
  asked for). `createIssue.projectIds` (classic projects) and `milestoneId` resolve nothing.
- Pagination: `first`/`last` are required and 1..100 on every connection, not both at once;
  errors `MISSING_PAGINATION_BOUNDARIES`, `EXCESSIVE_PAGINATION`, `INVALID_PAGINATION`,
  `INVALID_CURSOR_ARGUMENTS`, raised when the connection resolves.
- Messages are graphql-core's except the unknown-field one, in GitHub's words ("Field 'x'
  doesn't exist on type 'Y'"); the `extensions.code` values are graphql-ruby's names.
- One rate-limit budget for the whole fake (one user, every token); the hour starts at the
  first charged request. Requests refused before execution are not charged; a request is
  refused when its cost exceeds what remains. Concurrency and CPU limits are not modelled.
- Injected failures hit the next `/graphql` requests after auth. `fail_next(502|504)` is by
  default "processed": the operation runs (a mutation takes effect) and its answer is lost —
  a timeout; other statuses are not. 200 answers GitHub's "Something went wrong while
  executing your query" error, 502/504 the notes' "We couldn't respond to your request in
  time" JSON, 503 (and `down`) GitHub's HTML "Unicorn" page, others `{"message"}` JSON.
- Timestamps are ISO-8601 UTC seconds with `Z`, on the fake's clock (real time + `advance`).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import functools
import hashlib
import html
import itertools
import json
import math
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from typing import Any, ClassVar, TypeVar, cast

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    build_schema,
    execute_sync,
    get_named_type,
    get_operation_ast,
    is_input_type,
    parse,
    specified_rules,
    type_from_ast,
    validate,
    value_from_ast,
)
from graphql.utilities import validate_input_value
from starlette.exceptions import HTTPException as StarletteHTTPException

from tests.fakes.threaded import ThreadedFake

# --- credentials and the seeded workspace ---------------------------------------------------------
TOKEN = "ghp_fakeGitHubProjectsToken00000000000000"  # scopes: project, repo, read:org
TOKEN_SCOPES: tuple[str, ...] = ("project", "repo", "read:org")
READ_ONLY_TOKEN = "ghp_fakeGitHubReadOnlyToken0000000000000"  # scope: read:project
READ_ONLY_SCOPES: tuple[str, ...] = ("read:project",)

ORG_LOGIN = "romashka"
ORG_ID = "O_kgDOCt1d8A"
VIEWER_LOGIN = "romashka-salesbot"  # the user behind every token
VIEWER_ID = "U_kgDOCt1e2Q"
VIEWER_DATABASE_ID = 181557721
MANAGER_LOGIN = "ivan-petrov"
MANAGER_ID = "U_kgDOBm7QrA"

PROJECT_NUMBER = 1
PROJECT_ID = "PVT_kwDOCt1d8M4A7sLs"
PROJECT_TITLE = "Лиды"
PROJECT_URL = f"https://github.com/orgs/{ORG_LOGIN}/projects/{PROJECT_NUMBER}"

REPOSITORY_NAME = "leads"
REPOSITORY_ID = "R_kgDOMx2LpA"
LEAD_LABEL_ID = "LA_kwDOMx2LpM8AAAAB9wq1aA"  # label "lead"
HOT_LABEL_ID = "LA_kwDOMx2LpM8AAAAB9wq1bQ"  # label "hot"

# The built-in fields every project has …
TITLE_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1a0"
ASSIGNEES_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1a4"
LABELS_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bE"
LINKED_PRS_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bI"
MILESTONE_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bM"
REPOSITORY_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bQ"
REVIEWERS_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bU"
PARENT_ISSUE_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bY"
SUB_ISSUES_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ1bc"
# … the default single-select Status, its options renamed to the sales funnel …
STATUS_FIELD = "Status"
STATUS_FIELD_ID = "PVTSSF_lADOCt1d8M4A7sLszgvQ1a8"
STATUS_NEW_ID = "3f1c9a2e"
STATUS_IN_PROGRESS_ID = "8b4d07c1"
STATUS_WON_ID = "c6e25f90"
STATUS_LOST_ID = "1d7a4b3f"
STATUS_OPTIONS: dict[str, str] = {
    "Новые лиды": STATUS_NEW_ID,
    "В работе": STATUS_IN_PROGRESS_ID,
    "Выиграны": STATUS_WON_ID,
    "Проиграны": STATUS_LOST_ID,
}
# … and one custom field of each kind the notes mention.
PRIORITY_FIELD = "Priority"
PRIORITY_FIELD_ID = "PVTSSF_lADOCt1d8M4A7sLszgvQ2A4"
PRIORITY_OPTIONS: dict[str, str] = {
    "Высокий": "e0a3b5d1",
    "Средний": "5c9f2e74",
    "Низкий": "a81d6c03",
}
TAGS_FIELD = "Tags"  # a draft has no labels: they go here, comma-separated
TAGS_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ2A8"
LEAD_ID_FIELD = "Lead ID"  # our external id, to find the item again
LEAD_ID_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ2BA"
BUDGET_FIELD = "Budget"
BUDGET_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ2BE"
DUE_FIELD = "Due"
DUE_FIELD_ID = "PVTF_lADOCt1d8M4A7sLszgvQ2BI"
SPRINT_FIELD = "Sprint"
SPRINT_FIELD_ID = "PVTIF_lADOCt1d8M4A7sLszgvQ2BM"
SPRINT_ITERATION_IDS: tuple[str, str] = ("9e2b7d40", "4f6a1c85")  # this sprint, the next one
SPRINT_DAYS = 14
FIELD_IDS: dict[str, str] = {
    "Title": TITLE_FIELD_ID,
    "Assignees": ASSIGNEES_FIELD_ID,
    STATUS_FIELD: STATUS_FIELD_ID,
    "Labels": LABELS_FIELD_ID,
    "Linked pull requests": LINKED_PRS_FIELD_ID,
    "Milestone": MILESTONE_FIELD_ID,
    "Repository": REPOSITORY_FIELD_ID,
    "Reviewers": REVIEWERS_FIELD_ID,
    "Parent issue": PARENT_ISSUE_FIELD_ID,
    "Sub-issues progress": SUB_ISSUES_FIELD_ID,
    PRIORITY_FIELD: PRIORITY_FIELD_ID,
    TAGS_FIELD: TAGS_FIELD_ID,
    LEAD_ID_FIELD: LEAD_ID_FIELD_ID,
    BUDGET_FIELD: BUDGET_FIELD_ID,
    DUE_FIELD: DUE_FIELD_ID,
    SPRINT_FIELD: SPRINT_FIELD_ID,
}

# --- limits and texts -----------------------------------------------------------------------------
GRAPHQL_PATH = "/graphql"
DOCS_URL = "https://docs.github.com/graphql"
POINTS_PER_HOUR = 5000
SECONDARY_POINTS_PER_MINUTE = 2000
QUERY_POINTS = 1  # toward the secondary limit
MUTATION_POINTS = 5
CONTENT_PER_MINUTE = 80
CONTENT_PER_HOUR = 500
PAGE_LIMIT = 100
TITLE_LIMIT = 256
BODY_LIMIT = 65536
TEXT_VALUE_LIMIT = 1024
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
SECONDARY_DOCS_URL = (
    "https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api"
    "#secondary-rate-limits"
)
TIMEOUT_MESSAGE = (
    "We couldn't respond to your request in time. Sorry about that. Please try resubmitting "
    "your request and contact us if the problem persists."
)
USER_AGENT_MESSAGE = (
    "Request forbidden by administrative rules. Please make sure your request has a User-Agent "
    "header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-"
    "required). Check https://developer.github.com for other possible causes.\n"
)
CONTENT_MUTATIONS = frozenset(
    {"addProjectV2DraftIssue", "createIssue", "addComment", "convertProjectV2DraftIssueItemToIssue"}
)
# Fields whose values belong to the content, not the project: not set by the field mutations.
BUILT_IN_KINDS = frozenset(
    {
        "TITLE",
        "ASSIGNEES",
        "LABELS",
        "LINKED_PULL_REQUESTS",
        "MILESTONE",
        "REPOSITORY",
        "REVIEWERS",
        "PARENT_ISSUE",
        "SUB_ISSUES_PROGRESS",
        "TRACKS",
        "TRACKED_BY",
    }
)
_VALUE_KINDS = {
    "TEXT": "text",
    "NUMBER": "number",
    "DATE": "date",
    "SINGLE_SELECT": "singleSelectOptionId",
    "ITERATION": "iterationId",
}
_MUTATION_SCOPES: dict[str, tuple[str, ...]] = {  # every one of these is needed
    "addProjectV2DraftIssue": ("project",),
    "updateProjectV2DraftIssue": ("project",),
    "updateProjectV2ItemFieldValue": ("project",),
    "clearProjectV2ItemFieldValue": ("project",),
    "addProjectV2ItemById": ("project",),
    "convertProjectV2DraftIssueItemToIssue": ("project", "repo"),
    "createIssue": ("repo",),
    "addComment": ("repo",),
}
_REPO_TYPES = frozenset({"Issue", "IssueComment", "Repository", "Label", "PullRequest"})
_VALIDATION_CODES = {  # graphql-ruby's static validation codes
    "FieldsOnCorrectTypeRule": "undefinedField",
    "KnownArgumentNamesRule": "argumentNotAccepted",
    "ProvidedRequiredArgumentsRule": "missingRequiredArguments",
    "ValuesOfCorrectTypeRule": "argumentLiteralsIncompatible",
    "VariablesInAllowedPositionRule": "variableMismatch",
    "NoUndefinedVariablesRule": "variableNotDefined",
    "NoUnusedVariablesRule": "variableNotUsed",
    "KnownTypeNamesRule": "undefinedType",
    "ScalarLeafsRule": "selectionMismatch",
    "PossibleFragmentSpreadsRule": "cannotSpreadFragment",
    "KnownFragmentNamesRule": "undefinedFragment",
    "NoUnusedFragmentsRule": "useAndDefineFragment",
    "OverlappingFieldsCanBeMergedRule": "fieldConflict",
    "KnownDirectivesRule": "undefinedDirective",
}
_UNKNOWN_FIELD = re.compile(r"Cannot query field '([^']+)' on type '([^']+)'")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

SDL = """
scalar BigInt
scalar Date
scalar DateTime
scalar HTML
scalar URI

interface Node { id: ID! }
interface Actor { login: String! url: URI! }
interface ProjectV2Owner {
  id: ID!
  projectV2(number: Int!): ProjectV2
  projectsV2(after: String, before: String, first: Int, last: Int, query: String): ProjectV2Connection!
}

type Query {
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  organization(login: String!): Organization
  user(login: String!): User
  viewer: User!
  repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
  rateLimit(dryRun: Boolean = false): RateLimit
}

type Mutation {
  addProjectV2DraftIssue(input: AddProjectV2DraftIssueInput!): AddProjectV2DraftIssuePayload
  updateProjectV2DraftIssue(input: UpdateProjectV2DraftIssueInput!): UpdateProjectV2DraftIssuePayload
  updateProjectV2ItemFieldValue(input: UpdateProjectV2ItemFieldValueInput!): UpdateProjectV2ItemFieldValuePayload
  clearProjectV2ItemFieldValue(input: ClearProjectV2ItemFieldValueInput!): ClearProjectV2ItemFieldValuePayload
  addProjectV2ItemById(input: AddProjectV2ItemByIdInput!): AddProjectV2ItemByIdPayload
  convertProjectV2DraftIssueItemToIssue(input: ConvertProjectV2DraftIssueItemToIssueInput!): ConvertProjectV2DraftIssueItemToIssuePayload
  createIssue(input: CreateIssueInput!): CreateIssuePayload
  addComment(input: AddCommentInput!): AddCommentPayload
}

type RateLimit { cost: Int! limit: Int! nodeCount: Int! remaining: Int! resetAt: DateTime! used: Int! }
type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }

type User implements Actor & Node & ProjectV2Owner {
  databaseId: Int
  id: ID!
  login: String!
  name: String
  projectV2(number: Int!): ProjectV2
  projectsV2(after: String, before: String, first: Int, last: Int, query: String): ProjectV2Connection!
  url: URI!
}
type Organization implements Actor & Node & ProjectV2Owner {
  databaseId: Int
  id: ID!
  login: String!
  name: String
  projectV2(number: Int!): ProjectV2
  projectsV2(after: String, before: String, first: Int, last: Int, query: String): ProjectV2Connection!
  url: URI!
}
type UserConnection { edges: [UserEdge] nodes: [User] pageInfo: PageInfo! totalCount: Int! }
type UserEdge { cursor: String! node: User }

type ProjectV2 implements Node {
  closed: Boolean!
  closedAt: DateTime
  createdAt: DateTime!
  creator: Actor
  databaseId: Int
  field(name: String!): ProjectV2FieldConfiguration
  fields(after: String, before: String, first: Int, last: Int): ProjectV2FieldConfigurationConnection!
  fullDatabaseId: BigInt
  id: ID!
  items(after: String, before: String, first: Int, last: Int): ProjectV2ItemConnection!
  number: Int!
  owner: ProjectV2Owner!
  public: Boolean!
  readme: String
  resourcePath: URI!
  shortDescription: String
  template: Boolean!
  title: String!
  updatedAt: DateTime!
  url: URI!
  viewerCanUpdate: Boolean!
}
type ProjectV2Connection { edges: [ProjectV2Edge] nodes: [ProjectV2] pageInfo: PageInfo! totalCount: Int! }
type ProjectV2Edge { cursor: String! node: ProjectV2 }

enum ProjectV2ItemType { DRAFT_ISSUE ISSUE PULL_REQUEST REDACTED }
union ProjectV2ItemContent = DraftIssue | Issue | PullRequest
type ProjectV2Item implements Node {
  content: ProjectV2ItemContent
  createdAt: DateTime!
  creator: Actor
  databaseId: Int
  fieldValueByName(name: String!): ProjectV2ItemFieldValue
  fieldValues(after: String, before: String, first: Int, last: Int): ProjectV2ItemFieldValueConnection!
  fullDatabaseId: BigInt
  id: ID!
  isArchived: Boolean!
  project: ProjectV2!
  type: ProjectV2ItemType!
  updatedAt: DateTime!
}
type ProjectV2ItemConnection { edges: [ProjectV2ItemEdge] nodes: [ProjectV2Item] pageInfo: PageInfo! totalCount: Int! }
type ProjectV2ItemEdge { cursor: String! node: ProjectV2Item }

type DraftIssue implements Node {
  assignees(after: String, before: String, first: Int, last: Int): UserConnection!
  body: String!
  bodyHTML: HTML!
  bodyText: String!
  createdAt: DateTime!
  creator: Actor
  id: ID!
  projectV2Items(after: String, before: String, first: Int, last: Int): ProjectV2ItemConnection!
  title: String!
  updatedAt: DateTime!
}

enum IssueState { CLOSED OPEN }
type Issue implements Node {
  assignees(after: String, before: String, first: Int, last: Int): UserConnection!
  author: Actor
  body: String!
  bodyHTML: HTML!
  bodyText: String!
  closed: Boolean!
  comments(after: String, before: String, first: Int, last: Int): IssueCommentConnection!
  createdAt: DateTime!
  databaseId: Int
  id: ID!
  labels(after: String, before: String, first: Int, last: Int): LabelConnection
  number: Int!
  projectItems(after: String, before: String, first: Int, last: Int, includeArchived: Boolean = true): ProjectV2ItemConnection!
  repository: Repository!
  state: IssueState!
  title: String!
  updatedAt: DateTime!
  url: URI!
}
type IssueConnection { edges: [IssueEdge] nodes: [Issue] pageInfo: PageInfo! totalCount: Int! }
type IssueEdge { cursor: String! node: Issue }
type IssueComment implements Node {
  author: Actor
  body: String!
  bodyHTML: HTML!
  bodyText: String!
  createdAt: DateTime!
  databaseId: Int
  id: ID!
  issue: Issue!
  url: URI!
}
type IssueCommentConnection { edges: [IssueCommentEdge] nodes: [IssueComment] pageInfo: PageInfo! totalCount: Int! }
type IssueCommentEdge { cursor: String! node: IssueComment }
type PullRequest implements Node { body: String! id: ID! number: Int! title: String! url: URI! }

type Repository implements Node {
  databaseId: Int
  id: ID!
  isPrivate: Boolean!
  issue(number: Int!): Issue
  issues(after: String, before: String, first: Int, last: Int): IssueConnection!
  label(name: String!): Label
  labels(after: String, before: String, first: Int, last: Int, query: String): LabelConnection
  name: String!
  nameWithOwner: String!
  url: URI!
}
type Label implements Node { color: String! description: String id: ID! name: String! url: URI! }
type LabelConnection { edges: [LabelEdge] nodes: [Label] pageInfo: PageInfo! totalCount: Int! }
type LabelEdge { cursor: String! node: Label }

enum ProjectV2FieldType {
  ASSIGNEES DATE ITERATION LABELS LINKED_PULL_REQUESTS MILESTONE NUMBER PARENT_ISSUE REPOSITORY
  REVIEWERS SINGLE_SELECT SUB_ISSUES_PROGRESS TEXT TITLE TRACKED_BY TRACKS
}
enum ProjectV2SingleSelectFieldOptionColor { BLUE GRAY GREEN ORANGE PINK PURPLE RED YELLOW }
interface ProjectV2FieldCommon {
  createdAt: DateTime!
  dataType: ProjectV2FieldType!
  databaseId: Int
  id: ID!
  name: String!
  project: ProjectV2!
  updatedAt: DateTime!
}
type ProjectV2Field implements Node & ProjectV2FieldCommon {
  createdAt: DateTime!
  dataType: ProjectV2FieldType!
  databaseId: Int
  id: ID!
  name: String!
  project: ProjectV2!
  updatedAt: DateTime!
}
type ProjectV2SingleSelectField implements Node & ProjectV2FieldCommon {
  createdAt: DateTime!
  dataType: ProjectV2FieldType!
  databaseId: Int
  id: ID!
  name: String!
  options(names: [String!]): [ProjectV2SingleSelectFieldOption!]!
  project: ProjectV2!
  updatedAt: DateTime!
}
type ProjectV2SingleSelectFieldOption {
  color: ProjectV2SingleSelectFieldOptionColor!
  description: String!
  descriptionHTML: String!
  id: String!
  name: String!
  nameHTML: String!
}
type ProjectV2IterationField implements Node & ProjectV2FieldCommon {
  configuration: ProjectV2IterationFieldConfiguration!
  createdAt: DateTime!
  dataType: ProjectV2FieldType!
  databaseId: Int
  id: ID!
  name: String!
  project: ProjectV2!
  updatedAt: DateTime!
}
type ProjectV2IterationFieldConfiguration {
  completedIterations: [ProjectV2IterationFieldIteration!]!
  duration: Int!
  iterations: [ProjectV2IterationFieldIteration!]!
  startDay: Int!
}
type ProjectV2IterationFieldIteration { duration: Int! id: String! startDate: Date! title: String! titleHTML: String! }
union ProjectV2FieldConfiguration = ProjectV2Field | ProjectV2IterationField | ProjectV2SingleSelectField
type ProjectV2FieldConfigurationConnection {
  edges: [ProjectV2FieldConfigurationEdge]
  nodes: [ProjectV2FieldConfiguration]
  pageInfo: PageInfo!
  totalCount: Int!
}
type ProjectV2FieldConfigurationEdge { cursor: String! node: ProjectV2FieldConfiguration }

interface ProjectV2ItemFieldValueCommon {
  createdAt: DateTime!
  databaseId: Int
  field: ProjectV2FieldConfiguration!
  id: ID!
  item: ProjectV2Item!
  updatedAt: DateTime!
}
type ProjectV2ItemFieldTextValue implements Node & ProjectV2ItemFieldValueCommon {
  createdAt: DateTime! databaseId: Int field: ProjectV2FieldConfiguration! id: ID!
  item: ProjectV2Item! text: String updatedAt: DateTime!
}
type ProjectV2ItemFieldDateValue implements Node & ProjectV2ItemFieldValueCommon {
  createdAt: DateTime! databaseId: Int date: Date field: ProjectV2FieldConfiguration! id: ID!
  item: ProjectV2Item! updatedAt: DateTime!
}
type ProjectV2ItemFieldNumberValue implements Node & ProjectV2ItemFieldValueCommon {
  createdAt: DateTime! databaseId: Int field: ProjectV2FieldConfiguration! id: ID!
  item: ProjectV2Item! number: Float updatedAt: DateTime!
}
type ProjectV2ItemFieldSingleSelectValue implements Node & ProjectV2ItemFieldValueCommon {
  color: ProjectV2SingleSelectFieldOptionColor! createdAt: DateTime! databaseId: Int
  description: String descriptionHTML: String field: ProjectV2FieldConfiguration! id: ID!
  item: ProjectV2Item! name: String nameHTML: String optionId: String updatedAt: DateTime!
}
type ProjectV2ItemFieldIterationValue implements Node & ProjectV2ItemFieldValueCommon {
  createdAt: DateTime! databaseId: Int duration: Int! field: ProjectV2FieldConfiguration!
  id: ID! item: ProjectV2Item! iterationId: String! startDate: Date! title: String!
  titleHTML: String! updatedAt: DateTime!
}
type ProjectV2ItemFieldLabelValue {
  field: ProjectV2FieldConfiguration!
  labels(after: String, before: String, first: Int, last: Int): LabelConnection
}
type ProjectV2ItemFieldUserValue {
  field: ProjectV2FieldConfiguration!
  users(after: String, before: String, first: Int, last: Int): UserConnection
}
type ProjectV2ItemFieldRepositoryValue { field: ProjectV2FieldConfiguration! repository: Repository }
type ProjectV2ItemFieldMilestoneValue { field: ProjectV2FieldConfiguration! }
type ProjectV2ItemFieldPullRequestValue { field: ProjectV2FieldConfiguration! }
type ProjectV2ItemFieldReviewerValue { field: ProjectV2FieldConfiguration! }
union ProjectV2ItemFieldValue = ProjectV2ItemFieldDateValue | ProjectV2ItemFieldIterationValue
  | ProjectV2ItemFieldLabelValue | ProjectV2ItemFieldMilestoneValue | ProjectV2ItemFieldNumberValue
  | ProjectV2ItemFieldPullRequestValue | ProjectV2ItemFieldRepositoryValue
  | ProjectV2ItemFieldReviewerValue | ProjectV2ItemFieldSingleSelectValue
  | ProjectV2ItemFieldTextValue | ProjectV2ItemFieldUserValue
type ProjectV2ItemFieldValueConnection {
  edges: [ProjectV2ItemFieldValueEdge]
  nodes: [ProjectV2ItemFieldValue]
  pageInfo: PageInfo!
  totalCount: Int!
}
type ProjectV2ItemFieldValueEdge { cursor: String! node: ProjectV2ItemFieldValue }

input ProjectV2FieldValue { date: Date iterationId: String number: Float singleSelectOptionId: String text: String }

input AddProjectV2DraftIssueInput { assigneeIds: [ID!] body: String clientMutationId: String projectId: ID! title: String! }
type AddProjectV2DraftIssuePayload { clientMutationId: String projectItem: ProjectV2Item }
input UpdateProjectV2DraftIssueInput { assigneeIds: [ID!] body: String clientMutationId: String draftIssueId: ID! title: String }
type UpdateProjectV2DraftIssuePayload { clientMutationId: String draftIssue: DraftIssue }
input UpdateProjectV2ItemFieldValueInput { clientMutationId: String fieldId: ID! itemId: ID! projectId: ID! value: ProjectV2FieldValue! }
type UpdateProjectV2ItemFieldValuePayload { clientMutationId: String projectV2Item: ProjectV2Item }
input ClearProjectV2ItemFieldValueInput { clientMutationId: String fieldId: ID! itemId: ID! projectId: ID! }
type ClearProjectV2ItemFieldValuePayload { clientMutationId: String projectV2Item: ProjectV2Item }
input AddProjectV2ItemByIdInput { clientMutationId: String contentId: ID! projectId: ID! }
type AddProjectV2ItemByIdPayload { clientMutationId: String item: ProjectV2Item }
input ConvertProjectV2DraftIssueItemToIssueInput { clientMutationId: String itemId: ID! repositoryId: ID! }
type ConvertProjectV2DraftIssueItemToIssuePayload { clientMutationId: String item: ProjectV2Item }
input CreateIssueInput {
  assigneeIds: [ID!] body: String clientMutationId: String issueTemplate: String labelIds: [ID!]
  milestoneId: ID parentIssueId: ID projectIds: [ID!] repositoryId: ID! title: String!
}
type CreateIssuePayload { clientMutationId: String issue: Issue }
input AddCommentInput { body: String! clientMutationId: String subjectId: ID! }
type AddCommentPayload { clientMutationId: String commentEdge: IssueCommentEdge subject: Node }
"""


# --- the fake's records -----------------------------------------------------------------------------
@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any = None  # the parsed JSON body (the raw text if it is not JSON; None if empty)
    status: int = 0  # what the fake answered
    answer: Any = None  # the JSON it answered (None for HTML / text)
    query: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    operation_name: str | None = None
    operation: str | None = None  # "query" | "mutation"
    root_fields: list[str] = field(default_factory=list)  # e.g. ["addProjectV2DraftIssue"]

    @property
    def errors(self) -> list[dict[str, Any]]:
        if isinstance(self.answer, dict):
            return list(self.answer.get("errors") or [])
        return []


@dataclass
class Account:
    typename: str  # "User" | "Organization"
    id: str
    login: str
    name: str | None
    database_id: int

    @property
    def url(self) -> str:
        return f"https://github.com/{self.login}"


@dataclass
class Option:
    id: str
    name: str
    color: str = "GRAY"
    description: str = ""

    @property
    def name_html(self) -> str:
        return html.escape(self.name)

    @property
    def description_html(self) -> str:
        return html.escape(self.description)


@dataclass
class Iteration:
    id: str
    title: str
    start_date: date
    duration: int

    @property
    def title_html(self) -> str:
        return html.escape(self.title)


@dataclass
class Field:
    id: str
    project_id: str
    name: str
    data_type: str  # ProjectV2FieldType
    database_id: int
    created_at: float
    updated_at: float
    options: list[Option] = field(default_factory=list)  # SINGLE_SELECT
    iterations: list[Iteration] = field(default_factory=list)  # ITERATION
    completed_iterations: list[Iteration] = field(default_factory=list)
    duration: int = SPRINT_DAYS
    start_day: int = 1  # Monday

    @property
    def typename(self) -> str:
        if self.data_type == "SINGLE_SELECT":
            return "ProjectV2SingleSelectField"
        if self.data_type == "ITERATION":
            return "ProjectV2IterationField"
        return "ProjectV2Field"


@dataclass
class Project:
    typename: ClassVar[str] = "ProjectV2"
    id: str
    number: int
    title: str
    owner_id: str
    creator_id: str
    database_id: int
    created_at: float
    updated_at: float
    field_ids: list[str] = field(default_factory=list)
    item_ids: list[str] = field(default_factory=list)
    short_description: str | None = None
    readme: str | None = None
    public: bool = False
    closed: bool = False
    closed_at: float | None = None
    template: bool = False

    @property
    def full_database_id(self) -> str:
        return str(self.database_id)


@dataclass
class Item:
    typename: ClassVar[str] = "ProjectV2Item"
    id: str
    project_id: str
    type: str  # ProjectV2ItemType
    content_id: str | None
    creator_id: str
    database_id: int
    created_at: float
    updated_at: float
    values: dict[str, Any] = field(default_factory=dict)  # field id → text/float/date/option id
    is_archived: bool = False

    @property
    def full_database_id(self) -> str:
        return str(self.database_id)


@dataclass
class DraftIssue:
    typename: ClassVar[str] = "DraftIssue"
    id: str
    title: str
    body: str
    creator_id: str
    created_at: float
    updated_at: float
    assignee_ids: list[str] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return self.body

    @property
    def body_html(self) -> str:
        return _body_html(self.body)


@dataclass
class Issue:
    typename: ClassVar[str] = "Issue"
    id: str
    repository_id: str
    number: int
    title: str
    body: str
    author_id: str
    database_id: int
    created_at: float
    updated_at: float
    label_ids: list[str] = field(default_factory=list)
    assignee_ids: list[str] = field(default_factory=list)
    comment_ids: list[str] = field(default_factory=list)
    state: str = "OPEN"

    @property
    def closed(self) -> bool:
        return self.state == "CLOSED"

    @property
    def body_text(self) -> str:
        return self.body

    @property
    def body_html(self) -> str:
        return _body_html(self.body)


@dataclass
class IssueComment:
    typename: ClassVar[str] = "IssueComment"
    id: str
    issue_id: str
    body: str
    author_id: str
    database_id: int
    created_at: float

    @property
    def body_text(self) -> str:
        return self.body

    @property
    def body_html(self) -> str:
        return _body_html(self.body)


@dataclass
class Repository:
    typename: ClassVar[str] = "Repository"
    id: str
    owner_id: str
    name: str
    database_id: int
    is_private: bool = True


@dataclass
class Label:
    typename: ClassVar[str] = "Label"
    id: str
    repository_id: str
    name: str
    color: str
    description: str | None = None


class GitHubError(Exception):
    """A GraphQL error with GitHub's `type` (NOT_FOUND, UNPROCESSABLE, …)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class _Failure:
    kind: str  # "status" | "primary" | "secondary"
    status: int = 200
    processed: bool = False
    retry_after: int | None = None


@dataclass
class _Context:
    fake: FakeGitHubProjects
    scopes: frozenset[str]
    cost: int
    node_count: int


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


_T = TypeVar("_T")


class FakeGitHubProjects(ThreadedFake):
    name = "fake GitHub GraphQL API"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._failures: deque[_Failure] = deque()
        self.reset()
        self.app.router.redirect_slashes = False
        self.app.add_exception_handler(StarletteHTTPException, self._no_route)
        self.app.add_api_route(GRAPHQL_PATH, self._graphql, methods=["POST"])

    def reset(self) -> None:
        """The seeded organization, project, fields and repository with no items, issues or
        comments; no calls, pending failures or spent rate limit; the clock back to real time;
        every switch and limit at its default."""
        with self._lock:
            self._skew = 0.0
            self._ids = itertools.count(500_000_001)
            self.calls: list[Call] = []
            self.down = False  # every request answers 503 (GitHub's HTML "Unicorn" page)
            self.tokens: dict[str, tuple[str, ...]] = {
                TOKEN: TOKEN_SCOPES,
                READ_ONLY_TOKEN: READ_ONLY_SCOPES,
            }
            self.points_per_hour = POINTS_PER_HOUR
            self.secondary_points_per_minute = SECONDARY_POINTS_PER_MINUTE
            self.content_per_minute = CONTENT_PER_MINUTE
            self.content_per_hour = CONTENT_PER_HOUR
            self.secondary_status = 403  # the notes: 200 or 403
            self.rate_used = 0
            self._rate_reset: float | None = None
            self._recent_points: deque[tuple[float, int]] = deque()
            self._recent_content: deque[float] = deque()
            self._failures.clear()
            self.accounts: dict[str, Account] = {}
            self.projects: dict[str, Project] = {}
            self.fields: dict[str, Field] = {}
            self.items: dict[str, Item] = {}
            self.drafts: dict[str, DraftIssue] = {}
            self.issues: dict[str, Issue] = {}
            self.comments: dict[str, IssueComment] = {}
            self.repositories: dict[str, Repository] = {}
            self.labels: dict[str, Label] = {}
            self._seed()

    def _seed(self) -> None:
        now = self.now()
        for account in (
            Account("Organization", ORG_ID, ORG_LOGIN, "Ромашка", 170012345),
            Account("User", VIEWER_ID, VIEWER_LOGIN, "Salesbot", VIEWER_DATABASE_ID),
            Account("User", MANAGER_ID, MANAGER_LOGIN, "Иван Петров", 98765432),
        ):
            self.accounts[account.id] = account
        self.repositories[REPOSITORY_ID] = Repository(
            REPOSITORY_ID, ORG_ID, REPOSITORY_NAME, 812345678
        )
        for label in (
            Label(LEAD_LABEL_ID, REPOSITORY_ID, "lead", "0e8a16", "A sales lead"),
            Label(HOT_LABEL_ID, REPOSITORY_ID, "hot", "d93f0b", "Wants to buy now"),
        ):
            self.labels[label.id] = label
        project = Project(
            PROJECT_ID,
            PROJECT_NUMBER,
            PROJECT_TITLE,
            ORG_ID,
            VIEWER_ID,
            4411022,
            now,
            now,
            short_description="Лиды из salesbot: одна карточка на лид",
        )
        self.projects[project.id] = project
        monday = datetime.fromtimestamp(now, UTC).date()
        monday -= timedelta(days=monday.weekday())
        sprints = [
            Iteration(SPRINT_ITERATION_IDS[0], "Спринт 1", monday, SPRINT_DAYS),
            Iteration(
                SPRINT_ITERATION_IDS[1],
                "Спринт 2",
                monday + timedelta(days=SPRINT_DAYS),
                SPRINT_DAYS,
            ),
        ]
        colors = {"Новые лиды": "BLUE", "В работе": "YELLOW", "Выиграны": "GREEN"}
        status_options = [
            Option(option_id, name, colors.get(name, "RED"))
            for name, option_id in STATUS_OPTIONS.items()
        ]
        priority_colors = iter(("RED", "YELLOW", "GRAY"))
        priority_options = [
            Option(option_id, name, next(priority_colors))
            for name, option_id in PRIORITY_OPTIONS.items()
        ]
        kinds = {
            TITLE_FIELD_ID: "TITLE",
            ASSIGNEES_FIELD_ID: "ASSIGNEES",
            STATUS_FIELD_ID: "SINGLE_SELECT",
            LABELS_FIELD_ID: "LABELS",
            LINKED_PRS_FIELD_ID: "LINKED_PULL_REQUESTS",
            MILESTONE_FIELD_ID: "MILESTONE",
            REPOSITORY_FIELD_ID: "REPOSITORY",
            REVIEWERS_FIELD_ID: "REVIEWERS",
            PARENT_ISSUE_FIELD_ID: "PARENT_ISSUE",
            SUB_ISSUES_FIELD_ID: "SUB_ISSUES_PROGRESS",
            PRIORITY_FIELD_ID: "SINGLE_SELECT",
            TAGS_FIELD_ID: "TEXT",
            LEAD_ID_FIELD_ID: "TEXT",
            BUDGET_FIELD_ID: "NUMBER",
            DUE_FIELD_ID: "DATE",
            SPRINT_FIELD_ID: "ITERATION",
        }
        for position, (name, field_id) in enumerate(FIELD_IDS.items()):
            made = Field(
                field_id, PROJECT_ID, name, kinds[field_id], 150000001 + position, now, now
            )
            if field_id == STATUS_FIELD_ID:
                made.options = status_options
            elif field_id == PRIORITY_FIELD_ID:
                made.options = priority_options
            elif field_id == SPRINT_FIELD_ID:
                made.iterations = sprints
            self.fields[field_id] = made
            project.field_ids.append(field_id)

    # --- what tests steer -------------------------------------------------------------------------
    def now(self) -> float:
        """The fake's clock (unix time, whole seconds): real time plus every `advance`."""
        return float(int(time.time() + self._skew))

    def advance(self, seconds: float) -> None:
        """Move the clock on (rate-limit windows end; timestamps move)."""
        with self._lock:
            self._skew += seconds

    def add_token(self, token: str, scopes: Iterable[str] = TOKEN_SCOPES) -> None:
        """Another valid token (the same user) with these OAuth scopes."""
        with self._lock:
            self.tokens[token] = tuple(scopes)

    def field_id(self, name: str, project_id: str = PROJECT_ID) -> str:
        return self._field_named(project_id, name).id

    def option_id(self, field_name: str, option_name: str, project_id: str = PROJECT_ID) -> str:
        return _named(self._field_named(project_id, field_name).options, option_name).id

    def add_draft(
        self,
        title: str,
        body: str = "",
        *,
        fields: Mapping[str, Any] | None = None,
        project_id: str = PROJECT_ID,
    ) -> str:
        """A draft issue already on the project, as if made by `addProjectV2DraftIssue`; field
        values by field name (text, number, `YYYY-MM-DD` or a date, an option name, an
        iteration title). Answers the item id."""
        with self._lock:
            item = self._add_draft(self.projects[project_id], title, body, [])
            for name, value in (fields or {}).items():
                self._store_value(item, self._field_named(project_id, name), value)
            return item.id

    def item(self, item_id: str) -> dict[str, Any]:
        """A plain view of an item for assertions: id, type, archived, content id, title,
        body, (issues:) number, url, labels and comment bodies, and `fields` by name with
        option names and iteration titles."""
        with self._lock:
            item = self.items[item_id]
            content = self._content(item)
            view: dict[str, Any] = {
                "id": item.id,
                "type": item.type,
                "archived": item.is_archived,
                "content_id": item.content_id,
                "title": getattr(content, "title", None),
                "body": getattr(content, "body", None),
            }
            if isinstance(content, Issue):
                view["number"] = content.number
                view["url"] = self._issue_url(content)
                view["labels"] = [self.labels[x].name for x in content.label_ids]
                view["comments"] = [self.comments[x].body for x in content.comment_ids]
            view["fields"] = {
                self.fields[field_id].name: self._plain(self.fields[field_id], value)
                for field_id, value in item.values.items()
            }
            return view

    def add_option(
        self, field_name: str, name: str, color: str = "GRAY", description: str = ""
    ) -> str:
        """A new option at the end of a single-select field (as a team does in the UI)."""
        with self._lock:
            single = self._field_named(PROJECT_ID, field_name)
            if single.data_type != "SINGLE_SELECT":
                raise ValueError(f"{field_name} is not a single-select field")
            option = Option(secrets.token_hex(4), name, color, description)
            single.options.append(option)
            single.updated_at = self.now()
            return option.id

    def rename_option(self, field_name: str, old: str, new: str) -> None:
        with self._lock:
            single = self._field_named(PROJECT_ID, field_name)
            _named(single.options, old).name = new
            single.updated_at = self.now()

    def remove_option(self, field_name: str, name: str) -> None:
        """Delete an option; the items that had it lose the value."""
        with self._lock:
            single = self._field_named(PROJECT_ID, field_name)
            option = _named(single.options, name)
            single.options.remove(option)
            for item in self.items.values():
                if item.values.get(single.id) == option.id:
                    del item.values[single.id]

    def redact(self, item_id: str) -> None:
        """The viewer may no longer see the item: type REDACTED, no content, no values."""
        with self._lock:
            self.items[item_id].type = "REDACTED"

    def archive(self, item_id: str, archived: bool = True) -> None:
        with self._lock:
            self.items[item_id].is_archived = archived

    def fail_next(self, status: int = 502, times: int = 1, processed: bool | None = None) -> None:
        """The next `times` requests answer `status` (200: GitHub's "Something went wrong"
        GraphQL error). A processed failure (default for the 502/504 timeouts) first carries
        the operation out — a mutation takes effect — and then loses the answer."""
        done = status in (502, 504) if processed is None else processed
        with self._lock:
            self._failures.extend(_Failure("status", status, done) for _ in range(times))

    def rate_limit_next(
        self, n: int = 1, *, secondary: bool = False, retry_after: int | None = None
    ) -> None:
        """The next `n` requests hit a rate limit (nothing is done): the primary one (200
        `RATE_LIMITED`, `x-ratelimit-remaining: 0`) or a secondary one (`secondary_status`,
        with `retry-after` only if given)."""
        kind = "secondary" if secondary else "primary"
        with self._lock:
            self._failures.extend(_Failure(kind, retry_after=retry_after) for _ in range(n))

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        """Recorded calls whose path matches the glob `path`."""
        return [
            call
            for call in self.calls
            if fnmatch.fnmatchcase(call.path, path) and method in (None, call.method)
        ]

    def calls_with(self, root_field: str) -> list[Call]:
        """Recorded GraphQL calls with a root field matching the glob (`addProjectV2*`)."""
        return [
            call
            for call in self.calls
            if any(fnmatch.fnmatchcase(name, root_field) for name in call.root_fields)
        ]

    @property
    def rate_remaining(self) -> int:
        return max(0, self.points_per_hour - self.rate_used)

    # --- serving ----------------------------------------------------------------------------------
    async def _graphql(self, request: Request) -> Response:
        raw = await request.body()
        call = self._record(request, raw)
        with self._lock:
            try:
                response = self._serve(request, raw, call)
            except _Refused as refused:
                response = refused.response
        call.status = response.status_code
        if response.media_type == "application/json":
            call.answer = json.loads(bytes(response.body))
        return response

    def _serve(self, request: Request, raw: bytes, call: Call) -> Response:
        if self.down:
            return _unicorn()
        if not request.headers.get("user-agent"):
            return PlainTextResponse(USER_AGENT_MESSAGE, status_code=403)
        granted = self._authenticate(request.headers.get("authorization"))
        failure = self._failures.popleft() if self._failures else None
        if failure is not None and not failure.processed:
            return self._failed(failure, granted)
        response = self._run(raw, call, granted)
        return self._failed(failure, granted) if failure is not None else response

    def _authenticate(self, header: str | None) -> tuple[str, ...]:
        """The token's scopes (or a 401 is raised)."""
        if not header:
            raise _Refused(
                _json(
                    401,
                    {
                        "message": "This endpoint requires you to be authenticated.",
                        "documentation_url": (
                            "https://docs.github.com/graphql/guides/forming-calls-with-graphql"
                            "#authenticating-with-graphql"
                        ),
                    },
                )
            )
        scheme, _, token = header.strip().partition(" ")
        scopes = None
        if scheme.lower() in ("bearer", "token"):
            for known, granted in self.tokens.items():
                if secrets.compare_digest(token.strip().encode(), known.encode()):
                    scopes = granted
        if scopes is None:
            raise _Refused(
                _json(401, {"message": "Bad credentials", "documentation_url": DOCS_URL})
            )
        return scopes

    def _run(self, raw: bytes, call: Call, granted: tuple[str, ...]) -> Response:
        scopes = frozenset(_implied(granted))
        try:
            payload = json.loads(raw)
        except ValueError:
            return _json(400, {"message": "Problems parsing JSON", "documentation_url": DOCS_URL})
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            message = "A query attribute must be specified and must be a string."
            return self._answer({"errors": [{"message": message}]}, granted)
        variables = payload.get("variables") or {}
        operation_name = payload.get("operationName") or None
        if not isinstance(variables, dict):
            return self._answer({"errors": [{"message": "Variables are invalid JSON."}]}, granted)
        if operation_name is not None and not isinstance(operation_name, str):
            return self._answer(
                {"errors": [{"message": "operationName must be a string"}]}, granted
            )
        call.query, call.variables, call.operation_name = (
            payload["query"],
            variables,
            operation_name,
        )
        try:
            document = parse(payload["query"])
        except GraphQLError as error:
            return self._answer({"errors": [_located(error.message, error)]}, granted)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f'No operation named "{operation_name}"'
                if operation_name
                else "An operation name is required"
            )
            return self._answer({"errors": [{"message": message}]}, granted)
        call.operation = operation.operation.value
        call.root_fields = [
            x.name.value for x in operation.selection_set.selections if isinstance(x, FieldNode)
        ]
        refusal = _validation_errors(document) or _variable_errors(operation, variables)
        if refusal:
            return self._answer({"errors": refusal}, granted)
        analysis = _Analysis(document, operation, variables)
        denied = analysis.scope_error(scopes, granted)
        if denied is not None:
            return self._answer({"errors": [denied]}, granted)
        is_mutation = operation.operation == OperationType.MUTATION
        cost = 1 if is_mutation else analysis.cost
        self._charge(cost, is_mutation, analysis.content_fields)
        context = _Context(self, scopes, cost, analysis.nodes)
        result = execute_sync(
            SCHEMA,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            field_resolver=_default_resolver,
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [_format_error(error) for error in result.errors]
        return self._answer(body, granted)

    def _charge(self, cost: int, is_mutation: bool, content: int) -> None:
        """Check the primary and secondary limits, then spend the points."""
        now = self.now()
        self._window(now)
        if cost > self.rate_remaining:
            raise _Refused(self._primary_limited(self.rate_remaining))
        while self._recent_points and self._recent_points[0][0] <= now - 60:
            self._recent_points.popleft()
        while self._recent_content and self._recent_content[0] <= now - 3600:
            self._recent_content.popleft()
        points = MUTATION_POINTS if is_mutation else QUERY_POINTS
        if sum(p for _, p in self._recent_points) + points > self.secondary_points_per_minute:
            wait = self._recent_points[0][0] + 60 - now if self._recent_points else 60
            raise _Refused(self._secondary_limited(math.ceil(max(wait, 1))))
        if content:
            last_minute = [t for t in self._recent_content if t > now - 60]
            if len(last_minute) + content > self.content_per_minute:
                wait = (last_minute[0] if last_minute else now) + 60 - now
                raise _Refused(self._secondary_limited(math.ceil(max(wait, 1))))
            if len(self._recent_content) + content > self.content_per_hour:
                wait = (self._recent_content[0] if self._recent_content else now) + 3600 - now
                raise _Refused(self._secondary_limited(math.ceil(max(wait, 1))))
        self.rate_used += cost
        self._recent_points.append((now, points))
        self._recent_content.extend([now] * content)

    def _window(self, now: float) -> None:
        if self._rate_reset is None or now >= self._rate_reset:
            self._rate_reset = now + 3600
            self.rate_used = 0

    def _rate_headers(self, remaining: int | None = None) -> dict[str, str]:
        self._window(self.now())
        assert self._rate_reset is not None
        return {
            "x-ratelimit-limit": str(self.points_per_hour),
            "x-ratelimit-remaining": str(self.rate_remaining if remaining is None else remaining),
            "x-ratelimit-used": str(self.rate_used),
            "x-ratelimit-reset": str(int(self._rate_reset)),
            "x-ratelimit-resource": "graphql",
        }

    def _answer(self, body: dict[str, Any], granted: tuple[str, ...]) -> Response:
        headers = self._rate_headers()
        headers["x-oauth-scopes"] = ", ".join(granted)
        headers["x-github-request-id"] = _request_id()
        return _json(200, body, headers)

    def _primary_limited(self, remaining: int) -> Response:
        account = self.accounts[VIEWER_ID]
        message = f"API rate limit exceeded for user ID {account.database_id}."
        response = _json(200, {"errors": [{"type": "RATE_LIMITED", "message": message}]})
        response.headers.update(self._rate_headers(remaining))
        return response

    def _secondary_limited(self, retry_after: int | None) -> Response:
        request_id = _request_id()
        message = SECONDARY_MESSAGE.format(request_id=request_id)
        if self.secondary_status == 200:
            body: dict[str, Any] = {"errors": [{"type": "RATE_LIMITED", "message": message}]}
        else:
            body = {"documentation_url": SECONDARY_DOCS_URL, "message": message}
        response = _json(self.secondary_status, body)
        response.headers.update(self._rate_headers())
        response.headers["x-github-request-id"] = request_id
        if retry_after is not None:
            response.headers["retry-after"] = str(retry_after)
        return response

    def _failed(self, failure: _Failure, granted: tuple[str, ...]) -> Response:
        if failure.kind == "primary":
            return self._primary_limited(0)
        if failure.kind == "secondary":
            return self._secondary_limited(failure.retry_after)
        status = failure.status
        if status == 200:
            message = (
                "Something went wrong while executing your query. Please include "
                f"`{_request_id()}` when reporting this issue."
            )
            return self._answer({"data": None, "errors": [{"message": message}]}, granted)
        if status == 401:
            return _json(401, {"message": "Bad credentials", "documentation_url": DOCS_URL})
        if status == 503:
            return _unicorn()
        message = TIMEOUT_MESSAGE if status in (502, 504) else HTTPStatus(status).phrase
        return _json(status, {"message": message, "documentation_url": DOCS_URL})

    def _record(self, request: Request, raw: bytes) -> Call:
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode(errors="replace")
        call = Call(request.method, request.url.path, dict(request.headers), body)
        with self._lock:
            self.calls.append(call)
        return call

    async def _no_route(self, request: Request, exc: Exception) -> Response:
        """Other paths and methods: GitHub's 404 JSON (503 while `down`)."""
        call = self._record(request, await request.body())
        if self.down:
            response = _unicorn()
        else:
            response = _json(404, {"message": "Not Found", "documentation_url": DOCS_URL})
        call.status = response.status_code
        return response

    # --- the store ----------------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_urlsafe(16)}"

    def _database_id(self) -> int:
        return next(self._ids)

    def _find(self, node_id: str) -> Any:
        for store in (
            self.items,
            self.drafts,
            self.projects,
            self.fields,
            self.issues,
            self.comments,
            self.repositories,
            self.labels,
            self.accounts,
        ):
            found = cast(dict[str, Any], store).get(node_id)
            if found is not None:
                return found
        return None

    def _node(self, node_id: str) -> Any:
        found = self._find(node_id)
        if found is None:
            raise _not_found(node_id)
        return found

    def _typed(self, node_id: str, kind: type[_T], typename: str) -> _T:
        found = self._node(node_id)
        if not isinstance(found, kind):
            raise GitHubError(
                "NOT_FOUND",
                f"Could not resolve to a {typename} node with the global id of '{node_id}'.",
            )
        return found

    def _field_named(self, project_id: str, name: str) -> Field:
        for field_id in self.projects[project_id].field_ids:
            if self.fields[field_id].name == name:
                return self.fields[field_id]
        raise KeyError(name)

    def _content(self, item: Item) -> DraftIssue | Issue | None:
        if item.type == "REDACTED" or item.content_id is None:
            return None
        return self.drafts.get(item.content_id) or self.issues.get(item.content_id)

    def _issue_url(self, issue: Issue) -> str:
        repository = self.repositories[issue.repository_id]
        owner = self.accounts[repository.owner_id].login
        return f"https://github.com/{owner}/{repository.name}/issues/{issue.number}"

    def _project_url(self, project: Project) -> str:
        owner = self.accounts[project.owner_id]
        kind = "orgs" if owner.typename == "Organization" else "users"
        return f"https://github.com/{kind}/{owner.login}/projects/{project.number}"

    def _add_draft(self, project: Project, title: str, body: str, assignee_ids: list[str]) -> Item:
        now = self.now()
        draft = DraftIssue(self._new_id("DI"), title, body, VIEWER_ID, now, now, assignee_ids)
        self.drafts[draft.id] = draft
        return self._add_item(project, "DRAFT_ISSUE", draft.id)

    def _add_item(self, project: Project, kind: str, content_id: str) -> Item:
        now = self.now()
        item = Item(
            self._new_id("PVTI"),
            project.id,
            kind,
            content_id,
            VIEWER_ID,
            self._database_id(),
            now,
            now,
        )
        self.items[item.id] = item
        project.item_ids.append(item.id)
        project.updated_at = now
        return item

    def _store_value(self, item: Item, target: Field, value: Any) -> None:
        """A value given by its plain form (see `add_draft`)."""
        if target.data_type == "SINGLE_SELECT":
            value = _named(target.options, value).id
        elif target.data_type == "ITERATION":
            value = _named(target.iterations + target.completed_iterations, value).id
        elif target.data_type == "DATE":
            value = value.isoformat() if isinstance(value, date) else str(value)
        elif target.data_type == "NUMBER":
            value = float(value)
        elif target.data_type != "TEXT":
            raise ValueError(f"{target.name} is a built-in field")
        item.values[target.id] = value

    def _plain(self, target: Field, value: Any) -> Any:
        if target.data_type == "SINGLE_SELECT":
            return next((x.name for x in target.options if x.id == value), None)
        if target.data_type == "ITERATION":
            every = target.iterations + target.completed_iterations
            return next((x.title for x in every if x.id == value), None)
        return value

    def _values(self, item: Item) -> list[dict[str, Any]]:
        """The item's field values, in field order (see the module notes)."""
        project = self.projects[item.project_id]
        values = [self._value(item, self.fields[field_id]) for field_id in project.field_ids]
        return [value for value in values if value is not None]

    def _value(self, item: Item, target: Field) -> dict[str, Any] | None:
        content = self._content(item)
        if content is None:
            return None
        base: dict[str, Any] = {"field": target}
        kind = target.data_type
        if kind == "ASSIGNEES":
            users = [self.accounts[x] for x in content.assignee_ids]
            return (
                {"__typename": "ProjectV2ItemFieldUserValue", "_users": users, **base}
                if users
                else None
            )
        if kind == "LABELS":
            if not isinstance(content, Issue) or not content.label_ids:
                return None
            labels = [self.labels[x] for x in content.label_ids]
            return {"__typename": "ProjectV2ItemFieldLabelValue", "_labels": labels, **base}
        if kind == "REPOSITORY":
            if not isinstance(content, Issue):
                return None
            repository = self.repositories[content.repository_id]
            return {
                "__typename": "ProjectV2ItemFieldRepositoryValue",
                "repository": repository,
                **base,
            }
        digest = hashlib.sha1(f"{item.id}/{target.id}".encode(), usedforsecurity=False).digest()
        base.update(
            id="PVTFSV_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")[:22],
            item=item,
            createdAt=item.created_at,
            updatedAt=item.updated_at,
            databaseId=int.from_bytes(digest[:4], "big") >> 1,
        )
        if kind == "TITLE":
            return {"__typename": "ProjectV2ItemFieldTextValue", "text": content.title, **base}
        if target.id not in item.values:
            return None
        stored = item.values[target.id]
        if kind == "TEXT":
            return {"__typename": "ProjectV2ItemFieldTextValue", "text": stored, **base}
        if kind == "NUMBER":
            return {"__typename": "ProjectV2ItemFieldNumberValue", "number": stored, **base}
        if kind == "DATE":
            return {"__typename": "ProjectV2ItemFieldDateValue", "date": stored, **base}
        if kind == "SINGLE_SELECT":
            option = next(x for x in target.options if x.id == stored)
            return {
                "__typename": "ProjectV2ItemFieldSingleSelectValue",
                "optionId": option.id,
                "name": option.name,
                "nameHTML": option.name_html,
                "color": option.color,
                "description": option.description,
                "descriptionHTML": option.description_html,
                **base,
            }
        if kind == "ITERATION":
            every = target.iterations + target.completed_iterations
            iteration = next(x for x in every if x.id == stored)
            return {
                "__typename": "ProjectV2ItemFieldIterationValue",
                "iterationId": iteration.id,
                "title": iteration.title,
                "titleHTML": iteration.title_html,
                "startDate": iteration.start_date,
                "duration": iteration.duration,
                **base,
            }
        return None

    # --- mutations ----------------------------------------------------------------------------------
    def add_draft_issue(self, data: dict[str, Any]) -> dict[str, Any]:
        project = self._typed(data["projectId"], Project, "ProjectV2")
        title = _title(data["title"])
        body = _body(data.get("body") or "")
        assignees = self._users(data.get("assigneeIds") or [])
        item = self._add_draft(project, title, body, assignees)
        return {"clientMutationId": data.get("clientMutationId"), "projectItem": item}

    def update_draft_issue(self, data: dict[str, Any]) -> dict[str, Any]:
        draft = self._typed(data["draftIssueId"], DraftIssue, "DraftIssue")
        title = _title(data["title"]) if data.get("title") is not None else None
        body = _body(data["body"]) if data.get("body") is not None else None
        assignees = (
            self._users(data["assigneeIds"]) if data.get("assigneeIds") is not None else None
        )
        now = self.now()
        if title is not None:
            draft.title = title
        if body is not None:
            draft.body = body
        if assignees is not None:
            draft.assignee_ids = assignees
        draft.updated_at = now
        for item in self.items.values():
            if item.content_id == draft.id:
                item.updated_at = now
        return {"clientMutationId": data.get("clientMutationId"), "draftIssue": draft}

    def _item_field(self, data: dict[str, Any]) -> tuple[Project, Item, Field]:
        project = self._typed(data["projectId"], Project, "ProjectV2")
        item = self._typed(data["itemId"], Item, "ProjectV2Item")
        target = self._typed(data["fieldId"], Field, "ProjectV2Field")
        if item.project_id != project.id:
            raise GitHubError(
                "NOT_FOUND", f"The item {item.id} is not in the project {project.id}."
            )
        if target.project_id != project.id:
            raise GitHubError(
                "NOT_FOUND", f"The field {target.id} is not in the project {project.id}."
            )
        if target.data_type in BUILT_IN_KINDS:
            raise GitHubError(
                "UNPROCESSABLE",
                f"The field '{target.name}' of type {target.data_type} cannot be updated "
                "with this mutation: it belongs to the item's content.",
            )
        return project, item, target

    def update_field_value(self, data: dict[str, Any]) -> dict[str, Any]:
        _, item, target = self._item_field(data)
        given = {k: v for k, v in data["value"].items() if v is not None}
        wanted = _VALUE_KINDS[target.data_type]
        if list(given) != [wanted]:
            got = ", ".join(sorted(given)) or "no value"
            raise GitHubError(
                "UNPROCESSABLE",
                f"The field '{target.name}' of type {target.data_type} takes exactly one "
                f"value: `{wanted}` (got {got}).",
            )
        value = given[wanted]
        if target.data_type == "SINGLE_SELECT" and value not in {x.id for x in target.options}:
            raise GitHubError(
                "UNPROCESSABLE", "The single select option Id does not belong to the field"
            )
        every = target.iterations + target.completed_iterations
        if target.data_type == "ITERATION" and value not in {x.id for x in every}:
            raise GitHubError("UNPROCESSABLE", "The iteration Id does not belong to the field")
        if target.data_type == "TEXT" and len(value) > TEXT_VALUE_LIMIT:
            raise GitHubError(
                "UNPROCESSABLE", f"Text is too long (maximum is {TEXT_VALUE_LIMIT} characters)"
            )
        item.values[target.id] = value
        item.updated_at = self.now()
        return {"clientMutationId": data.get("clientMutationId"), "projectV2Item": item}

    def clear_field_value(self, data: dict[str, Any]) -> dict[str, Any]:
        _, item, target = self._item_field(data)
        if item.values.pop(target.id, None) is not None:
            item.updated_at = self.now()
        return {"clientMutationId": data.get("clientMutationId"), "projectV2Item": item}

    def add_item_by_id(self, data: dict[str, Any]) -> dict[str, Any]:
        project = self._typed(data["projectId"], Project, "ProjectV2")
        content = self._node(data["contentId"])
        if not isinstance(content, Issue):
            raise GitHubError(
                "UNPROCESSABLE",
                f"Content must be an Issue or a PullRequest, not a {type(content).__name__}.",
            )
        for item_id in project.item_ids:
            if self.items[item_id].content_id == content.id:
                existing = self.items[item_id]
                break
        else:
            existing = self._add_item(project, "ISSUE", content.id)
        return {"clientMutationId": data.get("clientMutationId"), "item": existing}

    def convert_draft(self, data: dict[str, Any]) -> dict[str, Any]:
        item = self._typed(data["itemId"], Item, "ProjectV2Item")
        repository = self._typed(data["repositoryId"], Repository, "Repository")
        draft = self._content(item)
        if item.type != "DRAFT_ISSUE" or not isinstance(draft, DraftIssue):
            raise GitHubError("UNPROCESSABLE", "The item is not a draft issue.")
        issue = self._new_issue(repository, draft.title, draft.body, [], draft.assignee_ids)
        del self.drafts[draft.id]
        item.type, item.content_id, item.updated_at = "ISSUE", issue.id, self.now()
        return {"clientMutationId": data.get("clientMutationId"), "item": item}

    def create_issue(self, data: dict[str, Any]) -> dict[str, Any]:
        repository = self._typed(data["repositoryId"], Repository, "Repository")
        title = _title(data["title"])
        body = _body(data.get("body") or "")
        label_ids = []
        for label_id in data.get("labelIds") or []:
            label = self._typed(label_id, Label, "Label")
            if label.repository_id != repository.id:
                raise _not_found(label_id)
            label_ids.append(label.id)
        assignees = self._users(data.get("assigneeIds") or [])
        unresolvable = [("Project", x) for x in data.get("projectIds") or []]
        if data.get("milestoneId") is not None:
            unresolvable.append(("Milestone", data["milestoneId"]))
        for kind, node_id in unresolvable:  # no classic projects, no milestones
            raise GitHubError(
                "NOT_FOUND",
                f"Could not resolve to a {kind} node with the global id of '{node_id}'.",
            )
        if data.get("parentIssueId") is not None:
            self._typed(data["parentIssueId"], Issue, "Issue")
        issue = self._new_issue(repository, title, body, label_ids, assignees)
        return {"clientMutationId": data.get("clientMutationId"), "issue": issue}

    def add_comment(self, data: dict[str, Any]) -> dict[str, Any]:
        subject = self._node(data["subjectId"])
        if not isinstance(subject, Issue):
            kind = getattr(subject, "typename", type(subject).__name__)
            hint = " (drafts take no comments)" if kind in ("DraftIssue", "ProjectV2Item") else ""
            raise GitHubError(
                "UNPROCESSABLE",
                f"The subject of a comment must be an Issue or a PullRequest, not a {kind}{hint}.",
            )
        body = data["body"]
        if not body.strip():
            raise GitHubError("UNPROCESSABLE", "Body can't be blank")
        now = self.now()
        comment = IssueComment(
            self._new_id("IC"), subject.id, _body(body), VIEWER_ID, self._database_id(), now
        )
        self.comments[comment.id] = comment
        subject.comment_ids.append(comment.id)
        subject.updated_at = now
        edge = {"cursor": _cursor(len(subject.comment_ids)), "node": comment}
        return {
            "clientMutationId": data.get("clientMutationId"),
            "commentEdge": edge,
            "subject": subject,
        }

    def _new_issue(
        self, repository: Repository, title: str, body: str, labels: list[str], assignees: list[str]
    ) -> Issue:
        now = self.now()
        number = 1 + sum(1 for x in self.issues.values() if x.repository_id == repository.id)
        issue = Issue(
            self._new_id("I"),
            repository.id,
            number,
            title,
            body,
            VIEWER_ID,
            self._database_id(),
            now,
            now,
            list(labels),
            list(assignees),
        )
        self.issues[issue.id] = issue
        return issue

    def _users(self, ids: Sequence[str]) -> list[str]:
        for user_id in ids:
            account = self._typed(user_id, Account, "User")
            if account.typename != "User":
                raise _not_found(user_id)
        return list(ids)


# --- GraphQL plumbing -------------------------------------------------------------------------------
Resolver = Callable[..., Any]
_RESOLVERS: dict[tuple[str, str], Resolver] = {}


def _resolves(*coordinates: str) -> Callable[[Resolver], Resolver]:
    def register(function: Resolver) -> Resolver:
        for coordinate in coordinates:
            type_name, field_name = coordinate.split(".")
            _RESOLVERS[(type_name, field_name)] = function
        return function

    return register


def _fake(info: GraphQLResolveInfo) -> FakeGitHubProjects:
    return cast(_Context, info.context).fake


@functools.cache
def _attribute(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _default_resolver(source: Any, info: GraphQLResolveInfo, **_args: Any) -> Any:
    if isinstance(source, dict):
        return source.get(info.field_name)
    return getattr(source, _attribute(info.field_name), None)


def _typename(value: Any, _info: GraphQLResolveInfo, _abstract: Any) -> str:
    if isinstance(value, dict):
        return str(value["__typename"])
    if isinstance(value, Field):
        return value.typename
    return str(value.typename)


def _cursor(position: int) -> str:
    return base64.b64encode(str(position).encode()).decode().rstrip("=")


def _position(cursor: str) -> int:
    try:
        decoded = base64.b64decode(cursor + "=" * (-len(cursor) % 4), validate=True).decode()
        if not decoded.isdigit():
            raise ValueError(decoded)
        return int(decoded)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise GitHubError(
            "INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor."
        ) from None


def _connection(
    nodes: Sequence[Any], info: GraphQLResolveInfo, args: dict[str, Any]
) -> dict[str, Any]:
    """A Relay connection over `nodes` (positions are 1-based), with GitHub's bounds."""
    first, last = args.get("first"), args.get("last")
    name = info.field_name
    if first is None and last is None:
        raise GitHubError(
            "MISSING_PAGINATION_BOUNDARIES",
            f"You must provide a `first` or `last` value to properly paginate the `{name}` "
            "connection.",
        )
    if first is not None and last is not None:
        raise GitHubError(
            "INVALID_PAGINATION",
            f"Passing both `first` and `last` to paginate the `{name}` connection is not "
            "supported.",
        )
    bound, count = ("first", first) if first is not None else ("last", last)
    assert count is not None
    if count > PAGE_LIMIT:
        raise GitHubError(
            "EXCESSIVE_PAGINATION",
            f"Requesting {count} records on the `{name}` connection exceeds the `{bound}` "
            f"limit of {PAGE_LIMIT} records.",
        )
    if count < 1:
        raise GitHubError(
            "INVALID_PAGINATION",
            f"`{bound}` on the `{name}` connection must be between 1 and {PAGE_LIMIT}.",
        )
    window = list(enumerate(nodes, start=1))
    if args.get("after") is not None:
        after = _position(args["after"])
        window = [x for x in window if x[0] > after]
    if args.get("before") is not None:
        before = _position(args["before"])
        window = [x for x in window if x[0] < before]
    if first is not None:
        page = window[:first]
        has_next, has_previous = len(window) > first, bool(page) and page[0][0] > 1
    else:
        page = window[-count:]
        has_next = bool(page) and page[-1][0] < len(nodes)
        has_previous = len(window) > count
    return {
        "edges": [{"cursor": _cursor(i), "node": node} for i, node in page],
        "nodes": [node for _, node in page],
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_previous,
            "startCursor": _cursor(page[0][0]) if page else None,
            "endCursor": _cursor(page[-1][0]) if page else None,
        },
        "totalCount": len(nodes),
    }


def _not_found(node_id: str) -> GitHubError:
    return GitHubError(
        "NOT_FOUND", f"Could not resolve to a node with the global id of '{node_id}'."
    )


# Query
@_resolves("Query.node")
def _q_node(_root: Any, info: GraphQLResolveInfo, id: str) -> Any:
    return _fake(info)._node(id)


@_resolves("Query.nodes")
def _q_nodes(_root: Any, info: GraphQLResolveInfo, ids: list[str]) -> list[Any]:
    fake = _fake(info)
    return [fake._find(x) or _not_found(x) for x in ids]


@_resolves("Query.organization", "Query.user")
def _q_owner(_root: Any, info: GraphQLResolveInfo, login: str) -> Account:
    typename = "Organization" if info.field_name == "organization" else "User"
    for account in _fake(info).accounts.values():
        if account.typename == typename and account.login.lower() == login.lower():
            return account
    article = "an" if typename == "Organization" else "a"
    raise GitHubError(
        "NOT_FOUND", f"Could not resolve to {article} {typename} with the login of '{login}'."
    )


@_resolves("Query.viewer")
def _q_viewer(_root: Any, info: GraphQLResolveInfo) -> Account:
    return _fake(info).accounts[VIEWER_ID]


@_resolves("Query.repository")
def _q_repository(_root: Any, info: GraphQLResolveInfo, owner: str, name: str, **_: Any) -> Any:
    fake = _fake(info)
    for repository in fake.repositories.values():
        login = fake.accounts[repository.owner_id].login
        if (login.lower(), repository.name.lower()) == (owner.lower(), name.lower()):
            return repository
    raise GitHubError(
        "NOT_FOUND", f"Could not resolve to a Repository with the name '{owner}/{name}'."
    )


@_resolves("Query.rateLimit")
def _q_rate_limit(_root: Any, info: GraphQLResolveInfo, **_: Any) -> dict[str, Any]:
    context = cast(_Context, info.context)
    fake = context.fake
    return {
        "cost": context.cost,
        "limit": fake.points_per_hour,
        "nodeCount": context.node_count,
        "remaining": fake.rate_remaining,
        "resetAt": fake._rate_reset,
        "used": fake.rate_used,
    }


# Owners and projects
@_resolves("User.projectV2", "Organization.projectV2")
def _projectv2(owner: Account, info: GraphQLResolveInfo, number: int) -> Project:
    for project in _fake(info).projects.values():
        if project.owner_id == owner.id and project.number == number:
            return project
    raise GitHubError("NOT_FOUND", f"Could not resolve to a ProjectV2 with the number {number}.")


@_resolves("User.projectsV2", "Organization.projectsV2")
def _projectsv2(owner: Account, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    query = (args.get("query") or "").lower()
    projects = [
        p
        for p in _fake(info).projects.values()
        if p.owner_id == owner.id and query in p.title.lower()
    ]
    return _connection(projects, info, args)


@_resolves("ProjectV2.owner")
def _project_owner(project: Project, info: GraphQLResolveInfo) -> Account:
    return _fake(info).accounts[project.owner_id]


@_resolves("ProjectV2.creator", "ProjectV2Item.creator", "DraftIssue.creator")
def _creator(source: Any, info: GraphQLResolveInfo) -> Account:
    return _fake(info).accounts[source.creator_id]


@_resolves("Issue.author", "IssueComment.author")
def _author(source: Any, info: GraphQLResolveInfo) -> Account:
    return _fake(info).accounts[source.author_id]


@_resolves("ProjectV2.url")
def _project_url(project: Project, info: GraphQLResolveInfo) -> str:
    return _fake(info)._project_url(project)


@_resolves("ProjectV2.resourcePath")
def _project_path(project: Project, info: GraphQLResolveInfo) -> str:
    return _fake(info)._project_url(project).removeprefix("https://github.com")


@_resolves("ProjectV2.viewerCanUpdate")
def _can_update(_project: Project, info: GraphQLResolveInfo) -> bool:
    return "project" in cast(_Context, info.context).scopes


@_resolves("ProjectV2.field")
def _project_field(project: Project, info: GraphQLResolveInfo, name: str) -> Field | None:
    fake = _fake(info)
    return next((fake.fields[x] for x in project.field_ids if fake.fields[x].name == name), None)


@_resolves("ProjectV2.fields")
def _project_fields(project: Project, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    return _connection([fake.fields[x] for x in project.field_ids], info, args)


@_resolves("ProjectV2.items")
def _project_items(project: Project, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    return _connection([fake.items[x] for x in project.item_ids], info, args)


@_resolves(
    "ProjectV2Field.project",
    "ProjectV2SingleSelectField.project",
    "ProjectV2IterationField.project",
    "ProjectV2Item.project",
)
def _owning_project(source: Any, info: GraphQLResolveInfo) -> Project:
    return _fake(info).projects[source.project_id]


@_resolves("ProjectV2SingleSelectField.options")
def _options(
    target: Field, _info: GraphQLResolveInfo, names: list[str] | None = None
) -> list[Option]:
    if names is None:
        return list(target.options)
    wanted = {name.lower() for name in names}
    return [option for option in target.options if option.name.lower() in wanted]


@_resolves("ProjectV2IterationField.configuration")
def _configuration(target: Field, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {
        "duration": target.duration,
        "startDay": target.start_day,
        "iterations": target.iterations,
        "completedIterations": target.completed_iterations,
    }


# Items and their content
@_resolves("ProjectV2Item.content")
def _item_content(item: Item, info: GraphQLResolveInfo) -> Any:
    return _fake(info)._content(item)


@_resolves("ProjectV2Item.fieldValues")
def _field_values(item: Item, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    return _connection(_fake(info)._values(item), info, args)


@_resolves("ProjectV2Item.fieldValueByName")
def _field_value_by_name(item: Item, info: GraphQLResolveInfo, name: str) -> Any:
    fake = _fake(info)
    for field_id in fake.projects[item.project_id].field_ids:
        if fake.fields[field_id].name == name:
            return fake._value(item, fake.fields[field_id])
    return None


@_resolves("ProjectV2ItemFieldLabelValue.labels")
def _value_labels(value: dict[str, Any], info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    return _connection(value["_labels"], info, args)


@_resolves("ProjectV2ItemFieldUserValue.users")
def _value_users(value: dict[str, Any], info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    return _connection(value["_users"], info, args)


@_resolves("DraftIssue.assignees", "Issue.assignees")
def _assignees(content: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    return _connection([fake.accounts[x] for x in content.assignee_ids], info, args)


@_resolves("DraftIssue.projectV2Items", "Issue.projectItems")
def _content_items(content: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    items = [x for x in fake.items.values() if x.content_id == content.id]
    if args.pop("includeArchived", True) is False:
        items = [x for x in items if not x.is_archived]
    return _connection(items, info, args)


@_resolves("Issue.url")
def _issue_url(issue: Issue, info: GraphQLResolveInfo) -> str:
    return _fake(info)._issue_url(issue)


@_resolves("Issue.repository")
def _issue_repository(issue: Issue, info: GraphQLResolveInfo) -> Repository:
    return _fake(info).repositories[issue.repository_id]


@_resolves("Issue.labels")
def _issue_labels(issue: Issue, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    return _connection([fake.labels[x] for x in issue.label_ids], info, args)


@_resolves("Issue.comments")
def _issue_comments(issue: Issue, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    fake = _fake(info)
    return _connection([fake.comments[x] for x in issue.comment_ids], info, args)


@_resolves("IssueComment.issue")
def _comment_issue(comment: IssueComment, info: GraphQLResolveInfo) -> Issue:
    return _fake(info).issues[comment.issue_id]


@_resolves("IssueComment.url")
def _comment_url(comment: IssueComment, info: GraphQLResolveInfo) -> str:
    fake = _fake(info)
    return f"{fake._issue_url(fake.issues[comment.issue_id])}#issuecomment-{comment.database_id}"


# Repositories
@_resolves("Repository.nameWithOwner")
def _name_with_owner(repository: Repository, info: GraphQLResolveInfo) -> str:
    return f"{_fake(info).accounts[repository.owner_id].login}/{repository.name}"


@_resolves("Repository.url")
def _repository_url(repository: Repository, info: GraphQLResolveInfo) -> str:
    return f"https://github.com/{_name_with_owner(repository, info)}"


@_resolves("Repository.labels")
def _repository_labels(
    repository: Repository, info: GraphQLResolveInfo, **args: Any
) -> dict[str, Any]:
    query = (args.pop("query", None) or "").lower()
    labels = [
        x
        for x in _fake(info).labels.values()
        if x.repository_id == repository.id and query in x.name.lower()
    ]
    return _connection(labels, info, args)


@_resolves("Repository.label")
def _repository_label(repository: Repository, info: GraphQLResolveInfo, name: str) -> Any:
    for label in _fake(info).labels.values():
        if label.repository_id == repository.id and label.name.lower() == name.lower():
            return label
    return None


@_resolves("Repository.issue")
def _repository_issue(repository: Repository, info: GraphQLResolveInfo, number: int) -> Issue:
    for issue in _fake(info).issues.values():
        if issue.repository_id == repository.id and issue.number == number:
            return issue
    raise GitHubError(
        "NOT_FOUND", f"Could not resolve to an issue or pull request with the number of {number}."
    )


@_resolves("Repository.issues")
def _repository_issues(
    repository: Repository, info: GraphQLResolveInfo, **args: Any
) -> dict[str, Any]:
    issues = [x for x in _fake(info).issues.values() if x.repository_id == repository.id]
    return _connection(issues, info, args)


@_resolves("Label.url")
def _label_url(label: Label, info: GraphQLResolveInfo) -> str:
    repository = _fake(info).repositories[label.repository_id]
    return f"{_repository_url(repository, info)}/labels/{label.name}"


# Mutations
_MUTATIONS: dict[str, Callable[[FakeGitHubProjects, dict[str, Any]], dict[str, Any]]] = {
    "addProjectV2DraftIssue": FakeGitHubProjects.add_draft_issue,
    "updateProjectV2DraftIssue": FakeGitHubProjects.update_draft_issue,
    "updateProjectV2ItemFieldValue": FakeGitHubProjects.update_field_value,
    "clearProjectV2ItemFieldValue": FakeGitHubProjects.clear_field_value,
    "addProjectV2ItemById": FakeGitHubProjects.add_item_by_id,
    "convertProjectV2DraftIssueItemToIssue": FakeGitHubProjects.convert_draft,
    "createIssue": FakeGitHubProjects.create_issue,
    "addComment": FakeGitHubProjects.add_comment,
}


def _mutation(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    return _MUTATIONS[info.field_name](_fake(info), input)


for _name in _MUTATIONS:
    _RESOLVERS[("Mutation", _name)] = _mutation


def _scalar(
    schema: GraphQLSchema,
    name: str,
    output: Callable[[Any], Any],
    parse_input: Callable[[Any], Any] | None = None,
) -> None:
    scalar = schema.get_type(name)
    assert isinstance(scalar, GraphQLScalarType)
    scalar.coerce_output_value = output
    if parse_input is not None:
        scalar.coerce_input_value = parse_input  # literals go through it too
    scalar.coerce_input_literal = None


def _date_input(value: Any) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError("not an ISO-8601 date (YYYY-MM-DD)")
    date.fromisoformat(value)  # a ValueError for 2026-13-01
    return value


def _date_output(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _datetime_output(value: Any) -> str:
    if isinstance(value, int | float):
        return _iso(float(value))
    return str(value)


def _build_schema() -> GraphQLSchema:
    schema = build_schema(SDL)
    for (type_name, field_name), resolver in _RESOLVERS.items():
        owner = schema.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType), type_name
        owner.fields[field_name].resolve = resolver
    for named in schema.type_map.values():
        if isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
            named.resolve_type = _typename
    _scalar(schema, "Date", _date_output, _date_input)
    _scalar(schema, "DateTime", _datetime_output)
    _scalar(schema, "BigInt", str)
    return schema


SCHEMA = _build_schema()


# --- before execution: validation, variables, cost and scopes -----------------------------------------
def _located(message: str, error: GraphQLError) -> dict[str, Any]:
    entry: dict[str, Any] = {"message": message}
    if error.locations:
        entry["locations"] = [{"line": x.line, "column": x.column} for x in error.locations]
    return entry


def _validation_errors(document: DocumentNode) -> list[dict[str, Any]]:
    if not validate(SCHEMA, document):
        return []
    found: list[tuple[tuple[int, int], dict[str, Any]]] = []
    for rule in specified_rules:
        for error in validate(SCHEMA, document, [rule]):
            code = _VALIDATION_CODES.get(rule.__name__)
            if code is None:
                code = rule.__name__.removesuffix("Rule")
                code = code[0].lower() + code[1:]
            extensions: dict[str, Any] = {"code": code}
            message = error.message
            unknown = _UNKNOWN_FIELD.match(message)
            if unknown is not None:
                field_name, type_name = unknown.groups()
                message = f"Field '{field_name}' doesn't exist on type '{type_name}'"
                extensions.update(typeName=type_name, fieldName=field_name)
            entry = _located(message, error)
            entry["extensions"] = extensions
            where = error.locations[0] if error.locations else None
            found.append(((where.line, where.column) if where else (0, 0), entry))
    return [entry for _, entry in sorted(found, key=lambda x: x[0])]


def _variable_errors(
    operation: OperationDefinitionNode, variables: dict[str, Any]
) -> list[dict[str, Any]]:
    """graphql-ruby's form: "Variable $x of type T was provided invalid value" with the
    problems (path, explanation) in `extensions`."""
    errors: list[dict[str, Any]] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        var_type = type_from_ast(SCHEMA, definition.type)
        if var_type is None or not is_input_type(var_type):
            continue  # validation has said so
        problems: list[dict[str, Any]] = []
        given = variables.get(name, Undefined)
        if given is Undefined and definition.default_value is not None:
            continue
        validate_input_value(
            given,
            var_type,
            functools.partial(_problem, problems),
        )
        if not problems:
            continue
        message = f"Variable ${name} of type {var_type} was provided invalid value"
        details = [
            f"{'.'.join(str(x) for x in p['path'])} ({p['explanation']})"
            for p in problems
            if p["path"]
        ]
        if details:
            message += " for " + ", ".join(details)
        location = definition.loc.start_token if definition.loc else None
        entry: dict[str, Any] = {"message": message}
        if location is not None:
            entry["locations"] = [{"line": location.line, "column": location.column}]
        entry["extensions"] = {"value": None if given is Undefined else given, "problems": problems}
        errors.append(entry)
    return errors


def _problem(problems: list[dict[str, Any]], error: GraphQLError, path: list[str | int]) -> None:
    problems.append({"path": path, "explanation": error.message})


class _Analysis:
    """Walk the operation: connection requests and nodes (GitHub's cost formula), the fields
    each scope guards, and how many content-creating mutations it holds."""

    def __init__(
        self, document: DocumentNode, operation: OperationDefinitionNode, variables: dict[str, Any]
    ) -> None:
        self.fragments = {
            x.name.value: x for x in document.definitions if isinstance(x, FragmentDefinitionNode)
        }
        self.variables = variables
        self.requests = 0
        self.nodes = 0
        self.guarded: list[tuple[Node, str, tuple[str, ...]]] = []
        root = SCHEMA.mutation_type if operation.operation == OperationType.MUTATION else None
        root = root or SCHEMA.query_type
        assert root is not None
        self.content_fields = 0
        if operation.operation == OperationType.MUTATION:
            for selection in operation.selection_set.selections:
                if isinstance(selection, FieldNode):
                    name = selection.name.value
                    self.content_fields += name in CONTENT_MUTATIONS
                    needed = _MUTATION_SCOPES.get(name)
                    if needed:
                        self.guarded.append((selection, name, needed))
        self._walk(operation.selection_set, root, 1, set())

    @property
    def cost(self) -> int:
        return max(1, math.floor(self.requests / 100 + 0.5))

    def _walk(
        self, selection_set: SelectionSetNode, parent: Any, multiplier: int, seen: set[str]
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", {})
                definition = fields.get(selection.name.value)
                if definition is None or selection.selection_set is None:
                    continue
                named = get_named_type(definition.type)
                self._guard(selection, selection.name.value, named.name)
                inner = multiplier
                if named.name.endswith("Connection"):
                    size = self._argument(selection, "first") or self._argument(selection, "last")
                    size = max(1, min(size or 1, PAGE_LIMIT))
                    self.requests += multiplier
                    self.nodes += multiplier * size
                    inner = multiplier * size
                self._walk(selection.selection_set, named, inner, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = SCHEMA.get_type(condition.name.value) if condition else parent
                if condition is not None:
                    self._guard(selection, condition.name.value, condition.name.value)
                self._walk(selection.selection_set, target, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.name.value in seen:
                    continue
                target = SCHEMA.get_type(fragment.type_condition.name.value)
                self._guard(selection, fragment.name.value, fragment.type_condition.name.value)
                self._walk(fragment.selection_set, target, multiplier, seen | {fragment.name.value})

    def _guard(self, node: Node, name: str, type_name: str) -> None:
        base = type_name.removesuffix("Connection").removesuffix("Edge")
        if base.startswith("ProjectV2") or base == "DraftIssue":
            self.guarded.append((node, name, ("read:project",)))
        elif base in _REPO_TYPES:
            self.guarded.append((node, name, ("repo",)))

    def _argument(self, node: FieldNode, name: str) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = value_from_ast(argument.value, GraphQLInt, self.variables)
                return value if isinstance(value, int) else None
        return None

    def scope_error(
        self, scopes: frozenset[str], granted: tuple[str, ...]
    ) -> dict[str, Any] | None:
        for node, name, needed in self.guarded:
            missing = [scope for scope in needed if scope not in scopes]
            if not missing:
                continue
            wanted = ", ".join(f"'{x}'" for x in missing)
            given = ", ".join(f"'{x}'" for x in granted)
            message = (
                "Your token has not been granted the required scopes to execute this query. "
                f"The '{name}' field requires one of the following scopes: [{wanted}], but your "
                f"token has only been granted the: [{given}] scopes. Please modify your "
                "token's granted scopes at: https://github.com/settings/tokens."
            )
            entry: dict[str, Any] = {"type": "INSUFFICIENT_SCOPES"}
            if node.loc is not None:
                start = node.loc.start_token
                entry["locations"] = [{"line": start.line, "column": start.column}]
            entry["message"] = message
            return entry
        return None


def _format_error(error: GraphQLError) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if isinstance(error.original_error, GitHubError):
        entry["type"] = error.original_error.kind
    if error.path:
        entry["path"] = list(error.path)
    if error.locations:
        entry["locations"] = [{"line": x.line, "column": x.column} for x in error.locations]
    entry["message"] = error.message
    return entry


# --- small helpers --------------------------------------------------------------------------------
_Named = TypeVar("_Named", Option, Iteration)


def _named(choices: Sequence[_Named], name: str) -> _Named:
    """The option (by name) or iteration (by title) a test names."""
    for choice in choices:
        if (choice.name if isinstance(choice, Option) else choice.title) == name:
            return choice
    raise KeyError(name)


def _title(raw: str) -> str:
    if not raw.strip():
        raise GitHubError("UNPROCESSABLE", "Title can't be blank")
    if len(raw) > TITLE_LIMIT:
        raise GitHubError(
            "UNPROCESSABLE", f"Title is too long (maximum is {TITLE_LIMIT} characters)"
        )
    return raw


def _body(raw: str) -> str:
    if len(raw) > BODY_LIMIT:
        raise GitHubError("UNPROCESSABLE", f"Body is too long (maximum is {BODY_LIMIT} characters)")
    return raw


def _implied(scopes: Iterable[str]) -> set[str]:
    granted = set(scopes)
    if "project" in granted:
        granted.add("read:project")
    if "repo" in granted:
        granted.add("public_repo")
    return granted


def _body_html(body: str) -> str:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_id() -> str:
    parts = (secrets.token_hex(2), secrets.token_hex(2), secrets.token_hex(3), secrets.token_hex(3))
    return ":".join(parts).upper() + ":" + secrets.token_hex(4).upper()


def _json(status: int, body: Any, headers: Mapping[str, str] | None = None) -> JSONResponse:
    response = JSONResponse(body, status_code=status, headers=dict(headers or {}))
    response.headers["content-type"] = "application/json; charset=utf-8"
    return response


def _unicorn() -> Response:
    page = (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Unicorn! &middot; GitHub"
        "</title></head><body><div class='container'><p><strong>No server is currently "
        "available to service your request.</strong></p><p>Sorry about that. Please try "
        "refreshing and contact us if the problem persists.</p></div></body></html>\n"
    )
    return HTMLResponse(page, status_code=503)
