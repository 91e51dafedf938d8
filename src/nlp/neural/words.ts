/**
 * The neural core's word index: word key → row of the network's word table, for its ~101,000 words. A Map of
 * them costs ~15 MB of heap in every worker thread; these typed arrays cost ~3 MB and are built once and shared
 * by all workers (`sharedModel`), the words' UTF-16 code units in one array, an open-addressing table of rows.
 * Lookups answer what a Map filled in list order would (a repeated word: its last row).
 */
import { newModelArray, sharedModel, type ModelFile } from '../model-file.js';
import { fnv1a } from '../linear/keys.js';
import { tableCapacity } from '../linear/table.js';


export class WordIndex {
  private readonly mask: number;

  private constructor(
    /** Every word's code units, back to back. */
    private readonly text: Uint16Array,
    /** Word r is text[offsets[r], offsets[r + 1]). */
    private readonly offsets: Int32Array,
    /** Per slot: row + 1 of the word there, 0 = empty. */
    private readonly slots: Int32Array,
  ) {
    this.mask = slots.length - 1;
  }

  /** The index of `words` (row = position; `skip(row)` leaves a row out), shared under `key` when workers share models. */
  static load(key: string, words: () => readonly string[], skip: (word: string, row: number) => boolean): WordIndex {
    const m = sharedModel(`${key}#index`, () => WordIndex.build(words(), skip));
    return new WordIndex(m.arrays.text as Uint16Array, m.arrays.offsets as Int32Array, m.arrays.slots as Int32Array);
  }

  private static build(words: readonly string[], skip: (word: string, row: number) => boolean): ModelFile {
    let length = 0;
    for (const w of words) length += w.length;
    const text = newModelArray(Uint16Array, length);
    const offsets = newModelArray(Int32Array, words.length + 1);
    for (let r = 0, at = 0; r < words.length; r++) {
      const w = words[r];
      for (let i = 0; i < w.length; i++) text[at + i] = w.charCodeAt(i);
      at += w.length;
      offsets[r + 1] = at;
    }
    const slots = newModelArray(Int32Array, tableCapacity(words.length));
    const index = new WordIndex(text, offsets, slots);
    for (let r = 0; r < words.length; r++) if (!skip(words[r], r)) slots[index.slotOf(words[r])] = r + 1;
    return { meta: {}, arrays: { text, offsets, slots } };
  }

  /** The slot holding `key`, else the empty slot where it would go. */
  private slotOf(key: string): number {
    const { slots, mask } = this;
    for (let i = fnv1a(key) & mask; ; i = (i + 1) & mask) {
      const row = slots[i] - 1;
      if (row < 0 || this.is(row, key)) return i;
    }
  }

  private is(row: number, key: string): boolean {
    const from = this.offsets[row];
    if (this.offsets[row + 1] - from !== key.length) return false;
    const text = this.text;
    for (let i = 0; i < key.length; i++) if (text[from + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The row of `key`, or -1. */
  get(key: string): number {
    return this.slots[this.slotOf(key)] - 1;
  }
}
