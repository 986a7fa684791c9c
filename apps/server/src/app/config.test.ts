import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

/** A fresh copy of the module (its warn-once flag unset), with process warnings caught. */
async function load() {
  const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const { loadAppConfig } = await import('./config.js');
  return { loadAppConfig, warn };
}

describe('PDF_FONT', { timeout: 60_000 }, () => {
  it('names the PDF font; every PDF (the QR sheets and notices too) takes it', async () => {
    const { loadAppConfig, warn } = await load();
    const c = loadAppConfig({ ANXIAO_DEMO: '1', PDF_FONT: '/fonts/wqy.ttc' });
    expect(c.PDF_FONT).toBe('/fonts/wqy.ttc');
    expect(c.modules.requests.REQUESTS_PDF_FONT).toBe('/fonts/wqy.ttc');
    expect(warn).not.toHaveBeenCalled();
  });

  it('still reads REQUESTS_PDF_FONT, with a deprecation warning once', async () => {
    const { loadAppConfig, warn } = await load();
    const c = loadAppConfig({ ANXIAO_DEMO: '1', REQUESTS_PDF_FONT: '/fonts/old.ttf' });
    expect(c.PDF_FONT).toBe('/fonts/old.ttf');
    expect(c.modules.requests.REQUESTS_PDF_FONT).toBe('/fonts/old.ttf');
    loadAppConfig({ ANXIAO_DEMO: '1', REQUESTS_PDF_FONT: '/fonts/old.ttf' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('PDF_FONT');
  });

  it('prefers PDF_FONT when both are set; neither means the bundled font', async () => {
    const { loadAppConfig } = await load();
    const both = loadAppConfig({ ANXIAO_DEMO: '1', PDF_FONT: '/new.ttf', REQUESTS_PDF_FONT: '/old.ttf' });
    expect(both.modules.requests.REQUESTS_PDF_FONT).toBe('/new.ttf');
    expect(loadAppConfig({ ANXIAO_DEMO: '1' }).PDF_FONT).toBeUndefined();
  });
});
