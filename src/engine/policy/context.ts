// The model context in tokens, apart from model.ts so validation (which runs in the UI, without tfjs) can use it.
export const CONTEXT_LENGTH = 48;
