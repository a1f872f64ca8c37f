export * from './pdf';
export * from './layout';
export * from './qr-image';
