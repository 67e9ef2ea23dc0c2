// The character that ends every completion and answer. Ground floor: tasks/ and the tokenizer both use it.
export const TERMINATOR = '.';
