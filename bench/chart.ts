import { writeFileSync } from 'node:fs';

export interface ChartGroup {
  group: string;
  bars: { label: string; value: number; note?: string }[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLOURS = ['#1f6feb', '#8250df', '#bf8700', '#1a7f37', '#cf222e', '#57606a'];

/** A horizontal grouped bar chart as a standalone SVG file (no dependency, opens in any browser). */
export function writeChart(path: string, title: string, groups: ChartGroup[], unit: string) {
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))));
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const barHeight = 18;
  const left = 150;
  const width = 820;
  const plot = width - left - 190;
  const lines: string[] = [];
  let y = 50;
  for (const group of groups) {
    lines.push(`<text x="10" y="${y + 12}" font-weight="bold">${escape(group.group)}</text>`);
    y += 20;
    for (const bar of group.bars) {
      const w = Number.isFinite(bar.value) ? Math.max(1, (bar.value / max) * plot) : 0;
      const colour = COLOURS[labels.indexOf(bar.label) % COLOURS.length];
      lines.push(`<text x="${left - 8}" y="${y + 13}" text-anchor="end">${escape(bar.label)}</text>`);
      lines.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${colour}"/>`);
      lines.push(
        `<text x="${left + w + 6}" y="${y + 13}">${Number.isFinite(bar.value) ? bar.value.toFixed(bar.value < 10 ? 1 : 0) : '-'}${bar.note ? `  (${escape(bar.note)})` : ''}</text>`,
      );
      y += barHeight + 4;
    }
    y += 14;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="15" font-weight="bold">${escape(title)}</text>
<text x="10" y="40" fill="#57606a">${escape(unit)}</text>
${lines.join('\n')}
</svg>
`;
  writeFileSync(path, svg);
}
