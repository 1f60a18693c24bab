/** How many floats one prediction request carries, as in the seed project's experiment. */
export const FEATURE_COUNT = 10;
