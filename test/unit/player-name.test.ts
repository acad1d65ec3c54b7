// The shared name rules the join form and the server both apply (item 15).
import { describe, expect, it } from 'vitest';
import { Limits } from '../../src/shared/protocol.ts';
import { normalisePlayerName, playerNameKey, playerNameProblem, playerNameSchema } from '../../src/shared/player-name.ts';

describe('player names', () => {
  it('normalises width, compatibility forms and whitespace, and keys names by folded letters', () => {
    expect(normalisePlayerName('  Ｂｅａ\u00A0\u3000 Ｔｒｉｃｅ ')).toBe('Bea Trice');
    expect(playerNameKey('Al-Ice')).toBe(playerNameKey('al ice'));
    expect(playerNameKey('STRAẞE')).toBe(playerNameKey('strasse'));
  });

  it('accepts real names in other scripts, with their combining marks', () => {
    for (const name of ['Zoë', 'Ōkubo', 'Дмитрий', 'नमिता', '李小龍', "O'Brien", 'Anne-Marie']) {
      expect(playerNameProblem(normalisePlayerName(name)), name).toBeNull();
    }
  });

  it('refuses stacked combining marks, staff words inside a name and names one character too long', () => {
    expect(playerNameProblem('Ze\u0301\u0301\u0301\u0301d')).not.toBeNull();
    expect(playerNameProblem('Bob the Dealer')).toMatch(/staff/);
    expect(playerNameProblem('Dealership')).toBeNull();
    expect(playerNameProblem('x'.repeat(Limits.maxNameLength))).toBeNull();
    expect(playerNameProblem('x'.repeat(Limits.maxNameLength + 1))).toMatch(/limit/);
  });

  it('hands the schema caller the normalised name, and a reason instead of a cut name', () => {
    expect(playerNameSchema.parse(' Ｋｉｍ ')).toBe('Kim');
    const long = playerNameSchema.safeParse('Carolina Maximiliana de Souza');
    expect(long.success).toBe(false);
  });
});
