/**
 * A participant's full name as compared to tell whether two records are one person of one agency
 * (docs/trainings.md, "One record per participant"): NFKC, so Lao typed in two ways (ຳ or ໍ+າ, ໜ
 * or ຫນ) reads as one name, as the agency search does; every run of spaces (also non-breaking and
 * zero-width ones) as one space, none at the ends; lower case. The database keeps it in
 * `participants.name_key`, unique per training and agency.
 */
export function participantNameKey(fullName: string): string {
  return fullName
    .normalize('NFKC')
    .replace(/[\s\u200B]+/gu, ' ')
    .trim()
    .toLowerCase();
}
