// Component tests: Element Plus's whole stylesheet and the console's own, in its dark theme.
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import '../../web/src/styles/app.css';

document.documentElement.classList.add('dark');
