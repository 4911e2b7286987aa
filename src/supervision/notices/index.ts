// Rectification notices: numbering, the state machine, answer photos, the overdue check and the printed notice.
export { NoticeService, isOverdue, type NoticeLookups, type NoticeListener } from './notice-service.js';
export type { NoticeActorRef, NoticeRecord, PhotoRecord } from './notice-store.js';
export { noticeSummary, noticeView } from './notice-view.js';
export { noticePdf } from './notice-pdf.js';
export { OverdueCheck } from './overdue-check.js';
export { sniffImage, checkPhoto, PHOTO_LIMITS, type UploadedPhoto } from './photos.js';
export { branchShortName, formatNoticeNumber } from './numbering.js';
export { seedDemoNotices } from './demo-notices.js';
