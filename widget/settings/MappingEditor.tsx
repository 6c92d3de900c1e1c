import { FailureNotice } from './FailureNotice.tsx';
import { FieldMapping, NoteToggles } from './FieldMapping.tsx';
import { MoosendListFields } from './MoosendListFields.tsx';
import { useSettings } from './settingsContext.ts';
import { StageActions } from './StageActions.tsx';
import { StageMapping } from './StageMapping.tsx';

export function MappingEditor() {
  const { settings, locale } = useSettings();
  const failure = settings.kommoSchemaFailure.value;
  return (
    <section class="keb-settings-section" aria-labelledby="keb-mapping-title">
      <h3 id="keb-mapping-title">{locale.text.mapping}</h3>
      {failure !== null && (
        <>
          <p>{locale.text.schemaUnavailable}</p>
          <FailureNotice failure={failure} testId="keb-schema-error" onRetry={() => void settings.loadKommoSchema()} />
        </>
      )}
      <StageMapping />
      <StageActions />
      <MoosendListFields />
      <FieldMapping />
      <NoteToggles />
    </section>
  );
}
