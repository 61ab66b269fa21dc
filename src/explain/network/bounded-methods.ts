/**
 * Methods that sample or search inside the observation bounds: a state outside a real bound has no
 * neighbourhood for them, so the server refuses it and the inspector says why before asking. A
 * module of its own so the web bundle can share the list without the methods' code.
 */
import type { NetworkMethod } from './options.ts';

export const BOUNDED_METHODS: readonly NetworkMethod[] = ['lime', 'pdp', 'counterfactual'];
