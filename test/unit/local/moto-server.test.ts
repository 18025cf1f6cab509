import { describe, expect, it } from 'vitest';
import { assertMotoInstalled, MOTO_INSTALL_HINT, MotoMissingError } from '../../../local/moto-server';

describe('assertMotoInstalled', () => {
  it('says how to install moto when the python interpreter is missing', () => {
    expect(() => assertMotoInstalled('python3-that-does-not-exist')).toThrow(MotoMissingError);
    expect(() => assertMotoInstalled('python3-that-does-not-exist')).toThrow(
      'install it with: pip install "moto[server]"',
    );
    expect(MOTO_INSTALL_HINT).toBe('pip install "moto[server]"');
  });

  it('says how to install moto when python cannot import it', () => {
    // `false` stands in for an interpreter whose import fails: it exists and exits non-zero.
    expect(() => assertMotoInstalled('false')).toThrow(/moto\[server\] not importable/);
  });
});
