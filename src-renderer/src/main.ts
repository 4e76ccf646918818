import './zod-jitless'
import { createApp } from 'vue'
import App from './App.vue'
import './styles/theme.css'
import './styles/base.css'
import './styles/filters.css'
import './styles/cards.css'
import './styles/list-detail.css'
import './styles/panels.css'
import { startTheme } from './composables/useTheme'

startTheme()

createApp(App).mount('#app')
