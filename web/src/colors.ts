/** Quad classes (CAMEO): names and the Okabe–Ito colours used by charts, the graph and the map. */
export const QUADS = [
  { n: 1, name: 'Verbal cooperation', color: '#0072b2' },
  { n: 2, name: 'Material cooperation', color: '#009e73' },
  { n: 3, name: 'Verbal conflict', color: '#e69f00' },
  { n: 4, name: 'Material conflict', color: '#d55e00' },
] as const;

export const quadName = (q: number | null | undefined): string => (q && q >= 1 && q <= 4 ? QUADS[q - 1].name : 'Uncoded');
export const quadColor = (q: number | null | undefined): string => (q && q >= 1 && q <= 4 ? QUADS[q - 1].color : '#7c3aed');

export const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'EVENT', 'OTHER'] as const;
export const ENTITY_LABELS: Record<string, string> = {
  PERSON: 'Person',
  ORG: 'Organisation',
  GPE: 'Country/city',
  LOC: 'Place',
  NORP: 'Group',
  EVENT: 'Event',
  OTHER: 'Other',
};
