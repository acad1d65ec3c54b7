// results.svg: the run's figures drawn by hand (no chart library).
import { fmt, targets, type Results } from './report.ts';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" axis maximum and tick step for values up to `max`. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  const safe = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = safe / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  return { top: Math.ceil(safe / step) * step, step };
}

export function chart(results: Results): string {
  const width = 1200;
  const height = 860;
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, attributes = ''): void => {
    parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`);
  };
  const colors = { pitboss: '#2563eb', baseline: '#9ca3af', target: '#dc2626', pass: '#16a34a', miss: '#dc2626', grid: '#e5e7eb', axis: '#374151' };

  type Panel = { x: number; y: number; w: number; h: number };
  const frame = (panel: Panel, title: string, subtitle: string): { left: number; top: number; right: number; bottom: number } => {
    parts.push(`<rect x="${panel.x}" y="${panel.y}" width="${panel.w}" height="${panel.h}" fill="#ffffff" stroke="#d1d5db" rx="6"/>`);
    text(panel.x + 14, panel.y + 24, title, 'font-size="15" font-weight="600" fill="#111827"');
    text(panel.x + 14, panel.y + 42, subtitle, 'font-size="11" fill="#6b7280"');
    return { left: panel.x + 56, top: panel.y + 66, right: panel.x + panel.w - 16, bottom: panel.y + panel.h - 40 };
  };
  const yAxis = (area: { left: number; top: number; right: number; bottom: number }, top: number, step: number, unit: string): ((value: number) => number) => {
    const scale = (value: number): number => area.bottom - (Math.min(value, top) / top) * (area.bottom - area.top);
    for (let tick = 0; tick <= top + step / 2; tick += step) {
      const y = scale(tick);
      parts.push(`<line x1="${area.left}" y1="${y.toFixed(1)}" x2="${area.right}" y2="${y.toFixed(1)}" stroke="${colors.grid}"/>`);
      text(area.left - 6, y + 4, `${Number(tick.toPrecision(6))}`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    }
    text(area.left - 6, area.top - 10, unit, 'font-size="10" fill="#6b7280" text-anchor="end"');
    parts.push(`<line x1="${area.left}" y1="${area.bottom}" x2="${area.right}" y2="${area.bottom}" stroke="${colors.axis}"/>`);
    return scale;
  };
  const legend = (x: number, y: number, entries: [string, string][]): void => {
    entries.forEach(([label, color], index) => {
      const lx = x + index * 130;
      parts.push(`<rect x="${lx}" y="${y - 9}" width="12" height="10" fill="${color}"/>`);
      text(lx + 17, y, label, 'font-size="11" fill="#374151"');
    });
  };

  const { broadcast, baseline, storm, settle, memory } = results;

  // Panel 1: broadcast summary, grouped bars.
  {
    const area = frame({ x: 20, y: 60, w: 560, h: 370 }, 'round.result: emit → LAST client received', `${results.parameters.players} clients, ${results.parameters.rounds} rounds; p50/p99/max over rounds; per-client p99 over every delivery`);
    const groups: [string, number, number][] = [
      ['p50', broadcast.p50Ms, baseline.p50Ms],
      ['p99', broadcast.p99Ms, baseline.p99Ms],
      ['max', broadcast.maxMs, baseline.maxMs],
      ['per-client p99', broadcast.perClient.p99Ms, baseline.perClient.p99Ms],
    ];
    const { top, step } = niceScale(Math.max(...groups.flatMap(([, a, b]) => [a, b]), baseline.p99Ms * targets.broadcastRatioP99) * 1.1);
    const scale = yAxis(area, top, step, 'ms');
    const groupWidth = (area.right - area.left) / groups.length;
    groups.forEach(([label, pitboss, bare], index) => {
      const gx = area.left + index * groupWidth;
      const barWidth = groupWidth * 0.3;
      for (const [offset, value, color] of [[0.17, pitboss, colors.pitboss], [0.53, bare, colors.baseline]] as const) {
        const x = gx + groupWidth * offset;
        const y = scale(Number.isFinite(value) ? value : 0);
        parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(area.bottom - y).toFixed(1)}" fill="${color}"/>`);
        text(x + barWidth / 2, y - 4, fmt(value), 'font-size="10" fill="#111827" text-anchor="middle"');
      }
      text(gx + groupWidth / 2, area.bottom + 16, label, 'font-size="11" fill="#374151" text-anchor="middle"');
    });
    const targetY = scale(baseline.p99Ms * targets.broadcastRatioP99);
    const p99x = area.left + groupWidth;
    parts.push(`<line x1="${p99x}" y1="${targetY.toFixed(1)}" x2="${p99x + groupWidth}" y2="${targetY.toFixed(1)}" stroke="${colors.target}" stroke-width="2" stroke-dasharray="6 3"/>`);
    legend(area.left, area.bottom + 32, [['Pitboss', colors.pitboss], ['bare ws', colors.baseline]]);
    const keyX = area.left + 260;
    parts.push(`<line x1="${keyX}" y1="${area.bottom + 28}" x2="${keyX + 18}" y2="${area.bottom + 28}" stroke="${colors.target}" stroke-width="2" stroke-dasharray="6 3"/>`);
    text(keyX + 22, area.bottom + 32, `p99 target ${fmt(baseline.p99Ms * targets.broadcastRatioP99)} ms`, `font-size="11" fill="${colors.target}"`);
    text(area.right, area.top - 42, `p99 ratio ${fmt(broadcast.ratioP99, 2)}× — ${results.pass.broadcast ? 'PASS' : 'MISS'}`, `font-size="12" font-weight="600" fill="${results.pass.broadcast ? colors.pass : colors.miss}" text-anchor="end"`);
  }

  // Panel 2: per-round series.
  {
    const area = frame({ x: 620, y: 60, w: 560, h: 370 }, 'Last-client latency per round', 'each point: one round, emit → last of N clients received round.result');
    const series: [string, number[], string][] = [
      ['Pitboss', results.rounds.pitboss.map((entry) => entry.lastMs), colors.pitboss],
      ['bare ws', results.rounds.baseline.map((entry) => entry.lastMs), colors.baseline],
    ];
    const all = series.flatMap(([, values]) => values).filter((value) => Number.isFinite(value));
    const { top, step } = niceScale(Math.max(...all, 1) * 1.05);
    const scale = yAxis(area, top, step, 'ms');
    const count = Math.max(...series.map(([, values]) => values.length), 2);
    const xOf = (index: number): number => area.left + (index / (count - 1)) * (area.right - area.left);
    for (const [, values, color] of series) {
      const points = values.map((value, index) => `${xOf(index).toFixed(1)},${scale(Number.isFinite(value) ? value : 0).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    }
    text(area.left, area.bottom + 16, 'round 1', 'font-size="10" fill="#6b7280"');
    text(area.right, area.bottom + 16, `round ${count}`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    legend(area.left, area.bottom + 32, series.map(([label, , color]) => [label, color] as [string, string]));
  }

  // Panel 3: storm acks over time + ack percentiles.
  {
    const area = frame(
      { x: 20, y: 460, w: 560, h: 370 },
      `Betting storm: ${storm.planned} bets in ${results.parameters.stormWindowMs} ms`,
      `acks per 50 ms from the storm start; ack p50 ${fmt(storm.ackP50Ms)} ms, p99 ${fmt(storm.ackP99Ms)} ms (target ≤ ${targets.stormAckP99Ms}); ${storm.betsPerSec} acked/s`,
    );
    const timeline = storm.ackTimeline50ms;
    const { top, step } = niceScale(Math.max(...timeline, 1) * 1.1);
    const scale = yAxis(area, top, step, 'acks');
    const buckets = Math.max(timeline.length, Math.ceil(results.parameters.stormWindowMs / 50) + 4);
    const barWidth = (area.right - area.left) / buckets;
    timeline.forEach((value, index) => {
      const y = scale(value);
      parts.push(`<rect x="${(area.left + index * barWidth).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${(area.bottom - y).toFixed(1)}" fill="${colors.pitboss}"/>`);
    });
    const windowEnd = area.left + (results.parameters.stormWindowMs / 50) * barWidth;
    parts.push(`<line x1="${windowEnd.toFixed(1)}" y1="${area.top}" x2="${windowEnd.toFixed(1)}" y2="${area.bottom}" stroke="${colors.target}" stroke-dasharray="4 3"/>`);
    text(windowEnd + 4, area.top + 10, 'end of send window', `font-size="10" fill="${colors.target}"`);
    text(area.left, area.bottom + 16, '0 ms', 'font-size="10" fill="#6b7280"');
    text(area.right, area.bottom + 16, `${buckets * 50} ms`, 'font-size="10" fill="#6b7280" text-anchor="end"');
    text(area.right, area.bottom + 32, `${storm.acked}/${storm.planned} acked, ${storm.committed} committed (sync ${storm.synchronous}) — ${results.pass.storm ? 'PASS' : 'MISS'}`, `font-size="12" font-weight="600" fill="${results.pass.storm ? colors.pass : colors.miss}" text-anchor="end"`);
  }

  // Panel 4: every target as measured / target.
  {
    const area = frame({ x: 620, y: 460, w: 560, h: 370 }, 'Targets: measured as a share of the target', 'green bar ending left of the dashed 100 % line: target met');
    const rows: [string, number, string][] = [
      ['broadcast p99 vs 1.15× bare ws', broadcast.ratioP99 / targets.broadcastRatioP99, `${fmt(broadcast.ratioP99, 2)}× (≤ ${targets.broadcastRatioP99}×)`],
      ['storm ack p99', storm.ackP99Ms / targets.stormAckP99Ms, `${fmt(storm.ackP99Ms)} ms (≤ ${targets.stormAckP99Ms})`],
      ['storm ack p50', storm.ackP50Ms / targets.stormAckP99Ms, `${fmt(storm.ackP50Ms)} ms (p99 target ${targets.stormAckP99Ms})`],
      [`settle (${settle.bets} bets)`, settle.ms / targets.settleMs, `${fmt(settle.ms, 0)} ms (≤ ${targets.settleMs})`],
      ['RSS per player', memory.kibPerPlayer / targets.kibPerPlayer, `${fmt(memory.kibPerPlayer, 2)} KiB (≤ ${targets.kibPerPlayer})`],
    ];
    // Log scale: a 60× miss and a 0.9× pass both stay readable.
    const maxShare = Math.max(2, ...rows.map(([, share]) => (Number.isFinite(share) ? share : 0)));
    const lowPercent = 10;
    const highPercent = 10 ** Math.ceil(Math.log10(maxShare * 100));
    const labelWidth = 190;
    const left = area.left - 40 + labelWidth;
    const plotRight = area.right - 130;
    const xOf = (share: number): number => {
      const percent = Math.min(highPercent, Math.max(lowPercent, share * 100));
      return left + ((Math.log10(percent) - Math.log10(lowPercent)) / (Math.log10(highPercent) - Math.log10(lowPercent))) * (plotRight - left);
    };
    for (let percent = lowPercent; percent <= highPercent; percent *= 10) {
      const x = xOf(percent / 100);
      parts.push(`<line x1="${x.toFixed(1)}" y1="${area.top - 6}" x2="${x.toFixed(1)}" y2="${area.bottom}" stroke="${colors.grid}"/>`);
      text(x, area.bottom + 16, `${percent} %`, `font-size="10" fill="${percent === 100 ? '#111827' : '#6b7280'}" text-anchor="middle"`);
    }
    const rowHeight = (area.bottom - area.top) / rows.length;
    rows.forEach(([label, share, valueText], index) => {
      const y = area.top + index * rowHeight + rowHeight * 0.2;
      const barHeight = rowHeight * 0.5;
      const ok = share <= 1;
      const end = xOf(Number.isFinite(share) ? share : 0);
      text(area.left - 40, y + barHeight * 0.7, label, 'font-size="11" fill="#374151"');
      parts.push(`<rect x="${left}" y="${y.toFixed(1)}" width="${Math.max(1, end - left).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${ok ? colors.pass : colors.miss}" opacity="0.85"/>`);
      text(area.right, y + barHeight * 0.7, valueText, 'font-size="10" fill="#111827" text-anchor="end"');
    });
    const hundred = xOf(1);
    parts.push(`<line x1="${hundred.toFixed(1)}" y1="${area.top - 6}" x2="${hundred.toFixed(1)}" y2="${area.bottom}" stroke="${colors.axis}" stroke-width="1.5" stroke-dasharray="6 3"/>`);
    text(plotRight, area.bottom + 30, 'log scale', 'font-size="10" fill="#6b7280" text-anchor="end"');
  }

  const header = `Pitboss bench — ${results.parameters.players} players, ${results.parameters.rounds} rounds, ${results.parameters.betsPerPlayer} bets/player, ${results.parameters.clientProcesses} client processes (all on 127.0.0.1, one 2-core machine)`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#f9fafb"/>`,
    `<text x="20" y="36" font-size="18" font-weight="700" fill="#111827">${escapeXml(header)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
