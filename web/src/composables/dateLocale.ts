// Element Plus's date pickers name months and weekdays through dayjs: its Chinese words, loaded with the
// forms that have a date picker (not on the first screen).
import 'dayjs/locale/zh-cn';
