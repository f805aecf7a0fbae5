import type { FlowCall, NodeResult } from './flow-call.js';
import { BranchHandler } from './nodes/branch.js';
import { CollectHandler } from './nodes/collect.js';
import { HangupHandler } from './nodes/hangup.js';
import { HttpHandler } from './nodes/http.js';
import { MenuHandler } from './nodes/menu.js';
import { PlayHandler } from './nodes/play.js';
import { QueueHandler } from './nodes/queue.js';
import { SetHandler } from './nodes/set.js';
import { TimeHandler } from './nodes/time.js';
import { TransferHandler } from './nodes/transfer.js';
import { VoicemailHandler } from './nodes/voicemail.js';
import type { FlowNode, NodeId } from './types.js';

export interface NodeHandler {
  run(call: FlowCall): Promise<NodeResult>;
}

/** The one place a node type becomes the code that runs it. */
export function makeNodeHandler(id: NodeId, node: FlowNode): NodeHandler {
  switch (node.type) {
    case 'play':
      return new PlayHandler(id, node);
    case 'menu':
      return new MenuHandler(id, node);
    case 'collect':
      return new CollectHandler(id, node);
    case 'branch':
      return new BranchHandler(id, node);
    case 'time':
      return new TimeHandler(id, node);
    case 'set':
      return new SetHandler(id, node);
    case 'http':
      return new HttpHandler(id, node);
    case 'queue':
      return new QueueHandler(id, node);
    case 'transfer':
      return new TransferHandler(id, node);
    case 'voicemail':
      return new VoicemailHandler(id, node);
    case 'hangup':
      return new HangupHandler(id, node);
    default:
      throw new Error(`unknown node type ${JSON.stringify((node as { type?: unknown }).type)}`);
  }
}
