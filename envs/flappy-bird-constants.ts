/**
 * FlappyBird-v0's game constants, named as in flappy-bird-gymnasium's `constants.py`; shared by
 * the game (envs/flappy-bird.ts) and its drawing (envs/flappy-bird-draw.ts).
 */
export const SCREEN_WIDTH = 288;
export const SCREEN_HEIGHT = 512;
export const PIPE_VEL_X = -4;
export const PLAYER_MAX_VEL_Y = 10;
export const PLAYER_ACC_Y = 1;
export const PLAYER_VEL_ROT = 3;
export const PLAYER_FLAP_ACC = -9;
export const PLAYER_WIDTH = 34;
export const PLAYER_HEIGHT = 24;
export const PIPE_WIDTH = 52;
export const PIPE_HEIGHT = 320;
/** The default `pipe_gap`: the gap's height between a pair's two pipes. */
export const PIPE_GAP = 100;
/** The sprite never shows the bird more than 20° nose-up, whatever its rotation. */
export const PLAYER_ROT_THR = 20;
/** The ground's top edge: `screen_height * 0.79`. */
export const GROUND_Y = SCREEN_HEIGHT * 0.79;
/** The bird's fixed left edge: `int(screen_width * 0.2)`. */
export const PLAYER_X = Math.trunc(SCREEN_WIDTH * 0.2);
