// The inventory service a hosting handler offers to skills: resources found by their tags.
// Skills depend on this interface, never on an SDK client.

/** A resource the provider knows by its tags: its ARN (or the provider's id) and every tag it carries. */
export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

export interface InventoryService {
  readonly service: "inventory";
  /** Every resource in the environment's region carrying all of `tags` (key = value), all pages. */
  resourcesByTags(tags: Readonly<Record<string, string>>): Promise<TaggedResource[]>;
}
