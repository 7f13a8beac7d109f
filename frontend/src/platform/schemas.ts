// The platform document's types (generated, src/api/generated/platform.ts); `Schemas` of the API
// client is the brand document's.
import type { components } from "@/api/generated/platform";

export type PlatformSchemas = components["schemas"];
