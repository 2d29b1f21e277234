import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** Pastes or uploads a CSV of accounts; row errors (`/rows/2/password`) are listed by row. */
export function CsvImport({ onImport }: { onImport: (csv: string) => Promise<void> }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (csv.trim() === '') {
      setErrors([t('required')]);
      return;
    }
    setBusy(true);
    try {
      await onImport(csv);
      setCsv('');
      setErrors([]);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const rows = (error.problem.errors ?? []).map(({ pointer, detail }) => {
        const match = /^\/rows\/(\d+)\/(\w+)$/.exec(pointer);
        return match
          ? t('csvRowError', { row: Number(match[1]) + 1, field: match[2], detail })
          : detail;
      });
      setErrors(rows.length ? rows : [error.message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="csv-title">
      <h3 id="csv-title">{t('importCsv')}</h3>
      <div className="field">
        <label htmlFor="csv-text">{t('csvText')}</label>
        <textarea
          id="csv-text"
          rows={5}
          value={csv}
          aria-describedby="csv-hint"
          onChange={(event) => setCsv(event.target.value)}
        />
        <small id="csv-hint" className="hint">
          {t('csvHint')}
        </small>
      </div>
      <div className="field">
        <label htmlFor="csv-file">{t('csvFile')}</label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
      </div>
      {errors.length > 0 && (
        <ul className="error" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <button type="submit" disabled={busy}>
        {t('importButton')}
      </button>
    </form>
  );
}
