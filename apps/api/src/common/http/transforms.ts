/** class-transformer `@Transform` helpers shared by request DTOs. */
type TransformInput = { value: unknown };

/** Trims strings; leaves anything else for the validators to reject. */
export const trimString = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Trims and upper-cases codes such as `visa` or ` chf `. */
export const upperCaseCode = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
