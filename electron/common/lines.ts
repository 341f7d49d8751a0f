/**
 * Splits a byte stream into newline-terminated lines without ever holding more than `maxBytes` of
 * one line: a longer line is dropped as it streams past, and reported once with its first bytes
 * (enough to read the frame id from).
 */
export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: (head: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl === -1) return;
      this.finishLine();
      start = nl + 1;
    }
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.size > 0 || this.discarding) this.finishLine();
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.discarding) return;
    if (this.size + piece.length > this.maxBytes) {
      const head = Buffer.concat([...this.parts, piece.subarray(0, 256)]).subarray(0, 256).toString('utf8');
      this.parts = [];
      this.size = 0;
      this.discarding = true;
      this.onOversize(head);
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.size += piece.length;
  }

  private finishLine(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const line = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.size = 0;
    if (line.trim() !== '') this.onLine(line);
  }
}
