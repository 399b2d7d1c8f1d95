import { otlpTracesUrl } from '../../src/tracing';

describe('otlpTracesUrl', () => {
  it('adds the OTLP traces path to a base endpoint, as OpenTelemetry does', () => {
    expect(otlpTracesUrl('http://collector:4318', {})).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/', {})).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/v1/traces', {})).toBe('http://collector:4318/v1/traces');
  });

  it('falls back on the standard environment variables, the traces-specific one taken as is', () => {
    expect(otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' })).toBe(
      'http://otel:4318/v1/traces',
    );
    expect(
      otlpTracesUrl(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom',
      }),
    ).toBe('http://traces:9999/custom');
    expect(otlpTracesUrl('http://flag:4318', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env' })).toBe(
      'http://flag:4318/v1/traces',
    );
  });

  it('is undefined (tracing off) when nothing says where to send spans', () => {
    expect(otlpTracesUrl(undefined, {})).toBeUndefined();
    expect(otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
  });
});
