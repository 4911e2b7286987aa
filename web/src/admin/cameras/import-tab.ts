// The CSV import tab: pick a file, import it, and read the report row by row.
import type { CsvImportReport } from '../../../../src/contracts/index.js';
import { errorMessage } from '../../shared/api.js';
import { h } from '../../shared/dom.js';
import { t } from '../../shared/i18n.js';
import { adminApi } from './admin-api.js';
import { button, cell, field, statusLine, table, type AdminTab } from './form-fields.js';

function reportTable(report: CsvImportReport): HTMLElement {
  return table(
    ['adminCam.imp.row', 'adminCam.imp.camera', 'adminCam.imp.outcome'],
    report.rows.map((row) =>
      h('tr', { testId: 'import-row', dataset: { ok: String(row.ok), row: String(row.row) } }, [
        cell(String(row.row)),
        cell(row.name ?? ''),
        cell(row.ok ? `${t('adminCam.imp.ok')} (${row.cameraId ?? ''})` : (row.error ?? '')),
      ]),
    ),
    'import-report',
  );
}

export const importTab: AdminTab = {
  id: 'import',
  titleKey: 'adminCam.tab.import',
  render() {
    const file = h('input', { testId: 'import-file', attrs: { type: 'file', accept: '.csv,text/csv' } });
    const upload = button('adminCam.imp.upload', 'import-upload', true);
    const status = statusLine('import-status');
    const report = h('div');
    upload.addEventListener('click', () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      upload.disabled = true;
      report.replaceChildren();
      chosen
        .text()
        .then((text) => adminApi.importCsv(text))
        .then((result) => {
          status.set(
            result.failed > 0 ? 'warn' : 'ok',
            t('adminCam.imp.result', { created: result.created, failed: result.failed }),
          );
          report.replaceChildren(reportTable(result));
        })
        .catch((error: unknown) => status.set('error', t('adminCam.form.error', { message: errorMessage(error) })))
        .finally(() => (upload.disabled = false));
    });
    const element = h('section', { className: 'admin-camera-tab', testId: 'admin-import' }, [
      h('p', { className: 'admin-note', text: 'adminCam.imp.help' }),
      field('adminCam.imp.file', file),
      h('div', { className: 'admin-actions' }, [upload, status.element]),
      report,
    ]);
    return { element, destroy: () => undefined };
  },
};
