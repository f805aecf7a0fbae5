import type { FlowNode, NodeId } from './types.js';

/** One way out of a node: the field (relative JSON pointer segments) and the node it names. */
export interface Outlet {
  field: (string | number)[];
  target: NodeId;
}

/** Every node a node can send the call to, in the order the fields appear. */
export function outletsOf(node: FlowNode): Outlet[] {
  const out: Outlet[] = [];
  const add = (field: (string | number)[], target: NodeId | undefined) => {
    if (target !== undefined) out.push({ field, target });
  };
  switch (node.type) {
    case 'play':
    case 'set':
      add(['next'], node.next);
      break;
    case 'menu':
      for (const [key, target] of Object.entries(node.options)) add(['options', key], target);
      add(['onFailure'], node.onFailure);
      break;
    case 'collect':
      add(['next'], node.next);
      add(['onFailure'], node.onFailure);
      break;
    case 'branch':
      for (const [i, c] of node.conditions.entries()) add(['conditions', i, 'next'], c.next);
      add(['otherwise'], node.otherwise);
      break;
    case 'time':
      add(['open'], node.open);
      add(['closed'], node.closed);
      add(['holiday'], node.holiday);
      break;
    case 'http':
      add(['next'], node.next);
      add(['onError'], node.onError);
      break;
    case 'transfer':
      add(['onError'], node.onError);
      break;
    case 'queue':
    case 'voicemail':
    case 'hangup':
      break;
  }
  return out;
}

/** Outlets a node must have, each with what would happen to the caller without it. */
export function requiredOutlets(node: FlowNode): { field: string; without: string }[] {
  switch (node.type) {
    case 'play':
    case 'set':
      return [{ field: 'next', without: 'after it' }];
    case 'menu':
      return [{ field: 'onFailure', without: 'when every attempt fails' }];
    case 'collect':
      return [
        { field: 'next', without: 'after valid input' },
        { field: 'onFailure', without: 'when every attempt fails' },
      ];
    case 'branch':
      return [{ field: 'otherwise', without: 'when no condition holds' }];
    case 'time':
      return [
        { field: 'open', without: 'during opening hours' },
        { field: 'closed', without: 'outside opening hours' },
      ];
    case 'http':
      return [
        { field: 'next', without: 'after the lookup' },
        { field: 'onError', without: 'when the lookup fails or times out' },
      ];
    default:
      return [];
  }
}
