import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money and volumes stay decimal: use src/shared/money.' }],
      'no-restricted-properties': ['error', { property: 'toFixed', message: 'Use Decimal rounding from src/shared/money.' }],
    },
  },
  {
    files: ['src/config/**/*.ts', 'test/**/*.ts', 'src/demo/**/*.ts', 'src/database/**/*.ts', 'src/bench/**/*.ts'],
    rules: {},
  },
);
