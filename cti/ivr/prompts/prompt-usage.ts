import { eq } from 'drizzle-orm';
import { promptListsOf } from '../flow/content-checks.js';
import type { FlowDocument } from '../flow/types.js';
import type { DbLike } from '../flows/flow-rows.js';
import { flows, flowVersions } from '../schema.js';

/** A live flow version that plays an upload: deleting the upload would break its calls. */
export interface PromptUse {
  flowId: number;
  flowName: string;
  version: number;
}

/** Live versions using each upload id (one pass over the live documents). */
export function liveUploadUses(db: DbLike): Map<string, PromptUse[]> {
  const rows = db
    .select({
      flowId: flows.id,
      flowName: flows.name,
      version: flowVersions.version,
      document: flowVersions.document,
    })
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.liveVersionId))
    .all();
  const uses = new Map<string, PromptUse[]>();
  for (const row of rows) {
    const use = { flowId: row.flowId, flowName: row.flowName, version: row.version };
    for (const id of uploadsIn(row.document as unknown as FlowDocument)) {
      uses.set(id, [...(uses.get(id) ?? []), use]);
    }
  }
  return uses;
}

function uploadsIn(flow: FlowDocument): Set<string> {
  const ids = new Set<string>();
  for (const node of Object.values(flow.nodes ?? {})) {
    for (const [, prompts] of promptListsOf(node)) {
      for (const prompt of prompts) if ('upload' in prompt) ids.add(prompt.upload);
    }
  }
  return ids;
}
