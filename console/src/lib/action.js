import { reactive } from 'vue';

/**
 * One form's call state: busy while it runs, the refusal (an ApiError, shown in words) or a success message.
 * A second submit while one runs is ignored, so a double click never sends twice.
 */
export function useAction() {
  const state = reactive({ busy: false, error: null, done: null });
  state.run = async (fn, doneMessage = null) => {
    if (state.busy) return undefined;
    state.busy = true;
    state.error = null;
    state.done = null;
    try {
      const result = await fn();
      state.done = doneMessage;
      return result;
    } catch (error) {
      state.error = error;
      return undefined;
    } finally {
      state.busy = false;
    }
  };
  return state;
}

/** An AGENCY's area covers a pooling area: the same code, or the province code (xx0000) of its province. */
export function covers(agencyArea, poolingArea) {
  if (!agencyArea || !poolingArea) return false;
  if (agencyArea === poolingArea) return true;
  return agencyArea.endsWith('0000') && agencyArea.slice(0, 2) === poolingArea.slice(0, 2);
}
