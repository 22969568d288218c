/**
 * Text assembled from pieces of a host document (a Dockerfile) that remembers where every piece
 * came from, so that offsets in the assembled text (a RUN script without its line continuations,
 * a decoded JSON string, a heredoc body) map back to exact host offsets.
 */
export class MappedText {
  private readonly parts: string[] = [];
  private length = 0;
  private cached: string | undefined;
  // Parallel arrays (one entry per segment) keep lookups allocation-free.
  private readonly lStart: number[] = [];
  private readonly lLen: number[] = [];
  private readonly hStart: number[] = [];
  private readonly hLen: number[] = [];

  get text(): string {
    if (this.cached === undefined) this.cached = this.parts.join('');
    return this.cached;
  }

  get size(): number {
    return this.length;
  }

  private push(text: string, hostStart: number, hostLength: number): void {
    if (text.length === 0) return;
    const last = this.lStart.length - 1;
    // Merge with the previous segment when both are 1:1 and contiguous in the host.
    if (
      last >= 0 &&
      this.lLen[last] === this.hLen[last] &&
      text.length === hostLength &&
      this.hStart[last] + this.hLen[last] === hostStart
    ) {
      this.lLen[last] += text.length;
      this.hLen[last] += hostLength;
    } else {
      this.lStart.push(this.length);
      this.lLen.push(text.length);
      this.hStart.push(hostStart);
      this.hLen.push(hostLength);
    }
    this.parts.push(text);
    this.length += text.length;
    this.cached = undefined;
  }

  /** Appends `host.slice(start, end)`, mapped one to one. */
  appendHost(host: string, start: number, end: number): void {
    if (end > start) this.push(host.slice(start, end), start, end - start);
  }

  /** Appends text standing for host `[hostStart, hostStart + hostLength)` (an escape, a line break). */
  appendSynthetic(text: string, hostStart: number, hostLength: number): void {
    this.push(text, hostStart, hostLength);
  }

  /** Appends `other.text.slice(start, end)`, keeping its host mapping. */
  appendMapped(other: MappedText, start: number, end: number): void {
    if (end <= start) return;
    let i = other.segmentAt(start, false);
    let pos = start;
    const source = other.text;
    while (pos < end && i < other.lStart.length) {
      const segStart = other.lStart[i];
      const segEnd = segStart + other.lLen[i];
      const to = Math.min(end, segEnd);
      if (to > pos) {
        const text = source.slice(pos, to);
        if (other.lLen[i] === other.hLen[i]) {
          this.push(text, other.hStart[i] + (pos - segStart), to - pos);
        } else {
          this.push(text, other.hStart[i], other.hLen[i]);
        }
      }
      pos = to;
      i++;
    }
  }

  /** Index of the segment holding `offset`; for ends, the segment the offset closes. */
  private segmentAt(offset: number, isEnd: boolean): number {
    let low = 0;
    let high = this.lStart.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const start = this.lStart[mid];
      if (isEnd ? start < offset : start <= offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** Host offset of an offset in this text; `isEnd` maps a range end to the end of what precedes it. */
  toHost(offset: number, isEnd = false): number {
    if (this.lStart.length === 0) return 0;
    const i = this.segmentAt(offset, isEnd && offset > 0);
    const delta = offset - this.lStart[i];
    if (delta <= 0) return this.hStart[i];
    if (delta >= this.lLen[i]) return this.hStart[i] + this.hLen[i];
    if (this.lLen[i] === this.hLen[i]) return this.hStart[i] + delta;
    return this.hStart[i] + this.hLen[i];
  }
}
