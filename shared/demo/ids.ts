/** The demo clients' ids, apart so every demo module can use them without import cycles. */
export const PHARMA = 'cl-vitalia';
export const POLITICS = 'cl-bellini';
export const CONSUMER = 'cl-pastadorata';
